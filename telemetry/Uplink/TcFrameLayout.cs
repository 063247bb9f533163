namespace Payload.Telemetry.Uplink;

/// <summary>TC transfer frame field layout from CCSDS 232.0-B-4 (TC Space Data Link Protocol).</summary>
internal static class TcFrameLayout
{
    /// <summary>§4.1.2: primary header is 5 octets.</summary>
    public const int PrimaryHeaderLength = 5;

    /// <summary>§4.1.3.2: optional segment header, 1 octet (sequence flags 2 bits, MAP ID 6 bits).</summary>
    public const int SegmentHeaderLength = 1;

    /// <summary>§4.1.4: frame error control field, 2 octets of CRC-16-CCITT.</summary>
    public const int FecfLength = 2;

    /// <summary>§4.1.2.7.2: frames are at most 1024 octets.</summary>
    public const int MaxFrameLength = 1024;

    /// <summary>§4.1.2.2.2: transfer frame version number '00'.</summary>
    public const int VersionNumber = 0;

    /// <summary>§4.1.2.4: spacecraft identifier, 10 bits.</summary>
    public const int MaxSpacecraftId = 0x3FF;

    /// <summary>§4.1.2.5: virtual channel identifier, 6 bits.</summary>
    public const int MaxVirtualChannelId = 0x3F;

    /// <summary>§4.1.3.2.3: MAP identifier, 6 bits.</summary>
    public const int MaxMapId = 0x3F;

    // Bit positions in the first 16 bits of the primary header (§4.1.2.2 – §4.1.2.4).
    public const int VersionShift = 14;
    public const int BypassBit = 1 << 13;
    public const int ControlCommandBit = 1 << 12;
    public const int SpareShift = 10;
    public const int SpareMask = 0b11;

    // Bits 16–31: VCID (6 bits) then frame length (10 bits) (§4.1.2.5, §4.1.2.7).
    public const int VirtualChannelShift = 10;
    public const int FrameLengthMask = 0x3FF;

    /// <summary>§4.1.3.2.2: sequence flags '11' = unsegmented.</summary>
    public const int SequenceFlagsShift = 6;
}
