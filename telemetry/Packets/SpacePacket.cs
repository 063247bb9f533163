using System.Diagnostics.CodeAnalysis;

namespace Payload.Telemetry.Packets;

/// <summary>Reads whole space packets (primary header plus data field) out of a byte span.</summary>
public static class SpacePacket
{
    /// <summary>
    /// Reads one packet from the start of <paramref name="source"/>. On failure nothing is consumed
    /// (<paramref name="packetLength"/> is 0) and <paramref name="error"/> names the field and value,
    /// for instance a data length that points past the octets available.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SpacePacketHeader header, out int packetLength, [NotNullWhen(false)] out string? error)
    {
        packetLength = 0;
        if (!SpacePacketHeader.TryParse(source, out header, out error))
        {
            return false;
        }

        if (header.PacketLength > source.Length)
        {
            error = $"packet data length field {header.DataFieldLength - 1} (APID {header.Apid}) needs {header.PacketLength} octets, only {source.Length} available";
            header = default;
            return false;
        }

        packetLength = header.PacketLength;
        return true;
    }
}
