using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Payload.Telemetry.Packets;

/// <summary>
/// The six-octet space packet primary header (CCSDS 133.0-B-2 §4.1.3):
/// version (3 bits), type (1), secondary header flag (1), APID (11) | sequence flags (2),
/// sequence count (14) | data length (16, data field length minus one).
/// </summary>
public readonly record struct SpacePacketHeader
{
    /// <summary>Creates a header, checking every field against its width.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field does not fit; the message names it.</exception>
    public SpacePacketHeader(PacketType type, bool hasSecondaryHeader, int apid, SequenceFlags sequenceFlags, int sequenceCount, int dataFieldLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(apid);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(apid, SpacePacketLayout.MaxApid);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequenceCount, SpacePacketLayout.SequenceCountModulus);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataFieldLength, SpacePacketLayout.MinDataFieldLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataFieldLength, SpacePacketLayout.MaxDataFieldLength);
        Type = type;
        HasSecondaryHeader = hasSecondaryHeader;
        Apid = apid;
        SequenceFlags = sequenceFlags;
        SequenceCount = sequenceCount;
        DataFieldLength = dataFieldLength;
    }

    /// <summary>Packet primary header length in octets.</summary>
    public static int Length => SpacePacketLayout.PrimaryHeaderLength;

    /// <summary>Telemetry or telecommand.</summary>
    public PacketType Type { get; }

    /// <summary>Whether a secondary header follows the primary header.</summary>
    public bool HasSecondaryHeader { get; }

    /// <summary>Application process identifier, 0..2047 (2047 = idle).</summary>
    public int Apid { get; }

    /// <summary>Segmentation of the user data.</summary>
    public SequenceFlags SequenceFlags { get; }

    /// <summary>Per-APID sequence count, 0..16383.</summary>
    public int SequenceCount { get; }

    /// <summary>Length of the packet data field in octets (the header field holds this minus one).</summary>
    public int DataFieldLength { get; }

    /// <summary>Whole packet length: header plus data field.</summary>
    public int PacketLength => SpacePacketLayout.PrimaryHeaderLength + DataFieldLength;

    /// <summary>Whether this is an idle packet (APID 0x7FF).</summary>
    public bool IsIdle => Apid == SpacePacketLayout.IdleApid;

    /// <summary>Writes the six header octets.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than six octets.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < SpacePacketLayout.PrimaryHeaderLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets; a packet primary header needs {SpacePacketLayout.PrimaryHeaderLength}.", nameof(destination));
        }

        int id = (SpacePacketLayout.Version << 13) | ((int)Type << 12) | ((HasSecondaryHeader ? 1 : 0) << 11) | Apid;
        int sequence = ((int)SequenceFlags << 14) | SequenceCount;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)(DataFieldLength - 1));
    }

    /// <summary>
    /// Reads a primary header from the start of <paramref name="source"/>. On failure nothing is
    /// consumed and <paramref name="error"/> names the field and its value.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> source, out SpacePacketHeader header, [NotNullWhen(false)] out string? error)
    {
        header = default;
        if (source.Length < SpacePacketLayout.PrimaryHeaderLength)
        {
            error = $"packet primary header truncated: {source.Length} of {SpacePacketLayout.PrimaryHeaderLength} octets";
            return false;
        }

        int id = BinaryPrimitives.ReadUInt16BigEndian(source);
        int version = id >> 13;
        if (version != SpacePacketLayout.Version)
        {
            error = $"packet version number is {version}, expected {SpacePacketLayout.Version}";
            return false;
        }

        int sequence = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        int dataLengthField = BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        header = new SpacePacketHeader(
            (PacketType)((id >> 12) & 1),
            ((id >> 11) & 1) != 0,
            id & SpacePacketLayout.MaxApid,
            (SequenceFlags)(sequence >> 14),
            sequence & (SpacePacketLayout.SequenceCountModulus - 1),
            dataLengthField + 1);
        error = null;
        return true;
    }

    /// <summary>Reads a primary header from the start of <paramref name="source"/>.</summary>
    /// <exception cref="SpacePacketFormatException">The header is truncated or a field is invalid.</exception>
    public static SpacePacketHeader Parse(ReadOnlySpan<byte> source)
    {
        if (!TryParse(source, out SpacePacketHeader header, out string? error))
        {
            throw new SpacePacketFormatException(error);
        }

        return header;
    }
}
