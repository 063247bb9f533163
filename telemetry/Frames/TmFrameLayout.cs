namespace Payload.Telemetry.Frames;

/// <summary>Field widths and reserved values of the TM transfer frame (CCSDS 132.0-B-3).</summary>
internal static class TmFrameLayout
{
    /// <summary>Transfer frame primary header length in octets (132.0-B-3 §4.1.2.1).</summary>
    public const int PrimaryHeaderLength = 6;

    /// <summary>Transfer frame version number for TM frames, '00' (132.0-B-3 §4.1.2.2.2).</summary>
    public const int VersionNumber = 0;

    /// <summary>Largest 10-bit spacecraft identifier (132.0-B-3 §4.1.2.2.3).</summary>
    public const int MaxSpacecraftId = 0x3FF;

    /// <summary>Number of virtual channels in a 3-bit VCID (132.0-B-3 §4.1.2.3).</summary>
    public const int VirtualChannelCount = 8;

    /// <summary>Frame counts are 8 bits and wrap modulo 256 (132.0-B-3 §4.1.2.5, §4.1.2.6).</summary>
    public const int FrameCountModulus = 256;

    /// <summary>Segment length identifier required when the synchronisation flag is '0' (132.0-B-3 §4.1.2.7.5).</summary>
    public const int SegmentLengthIdNoSegmentation = 0b11;

    /// <summary>First header pointer: no packet starts in this frame (132.0-B-3 §4.1.2.7.6.4).</summary>
    public const int FirstHeaderPointerNoPacketStart = 0x7FF;

    /// <summary>First header pointer: the data field holds only idle data (132.0-B-3 §4.1.2.7.6.5).</summary>
    public const int FirstHeaderPointerIdleData = 0x7FE;

    /// <summary>Operational control field length in octets (132.0-B-3 §4.1.5.1).</summary>
    public const int OperationalControlFieldLength = 4;

    /// <summary>Frame error control field length in octets (132.0-B-3 §4.1.6.1).</summary>
    public const int FrameErrorControlLength = 2;

    /// <summary>Longest TM transfer frame in octets (132.0-B-3 §4.1.1.3).</summary>
    public const int MaxFrameLength = 2048;

    /// <summary>Octet that fills the data field of idle (only idle data) frames; mission-defined (132.0-B-3 §4.1.4.2.4).</summary>
    public const byte IdleFill = 0x55;
}
