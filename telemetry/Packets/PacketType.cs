namespace Payload.Telemetry.Packets;

/// <summary>The packet type bit (CCSDS 133.0-B-2 §4.1.3.3.2).</summary>
public enum PacketType
{
    /// <summary>Telemetry (or reporting) packet, bit '0'.</summary>
    Telemetry = 0,

    /// <summary>Telecommand (or requesting) packet, bit '1'.</summary>
    Telecommand = 1,
}
