namespace Payload.Telemetry.Packets;

/// <summary>Field widths and reserved values of the space packet (CCSDS 133.0-B-2).</summary>
internal static class SpacePacketLayout
{
    /// <summary>Packet primary header length in octets (133.0-B-2 §4.1.3.1).</summary>
    public const int PrimaryHeaderLength = 6;

    /// <summary>Packet version number, always '000' (133.0-B-2 §4.1.3.2).</summary>
    public const int Version = 0;

    /// <summary>Largest 11-bit application process identifier (133.0-B-2 §4.1.3.3.4).</summary>
    public const int MaxApid = 0x7FF;

    /// <summary>APID reserved for idle packets (133.0-B-2 §4.1.3.3.4.4).</summary>
    public const ushort IdleApid = 0x7FF;

    /// <summary>The packet sequence count is 14 bits and wraps modulo 16384 (133.0-B-2 §4.1.3.4.3).</summary>
    public const int SequenceCountModulus = 1 << 14;

    /// <summary>The data length field holds the data field length minus one in 16 bits (133.0-B-2 §4.1.3.5.3).</summary>
    public const int MaxDataFieldLength = 65536;

    /// <summary>Smallest packet data field: one octet (133.0-B-2 §4.1.4.1.2).</summary>
    public const int MinDataFieldLength = 1;

    /// <summary>Longest packet including its primary header.</summary>
    public const int MaxPacketLength = PrimaryHeaderLength + MaxDataFieldLength;

    /// <summary>Octet that fills idle packets; the value is mission-defined (133.0-B-2 §4.1.4.3.3).</summary>
    public const byte IdleFill = 0x55;
}
