namespace Payload.Telemetry.Cfdp;

/// <summary>PDU layout constants from CCSDS 727.0-B-5 (CFDP) §5.</summary>
internal static class CfdpLayout
{
    /// <summary>§5.1.1: version '001' for CFDP version 2 (727.0-B-4 and later).</summary>
    public const int Version = 0b001;

    /// <summary>§5.1.1: fixed part of the PDU header (flags, data field length, length octet).</summary>
    public const int FixedHeaderLength = 4;

    // §5.1.1 Table 5-1, octet 0 bit positions after the 3-bit version.
    public const int VersionShift = 5;
    public const int FileDataBit = 1 << 4;
    public const int TowardSenderBit = 1 << 3;
    public const int UnacknowledgedBit = 1 << 2;
    public const int CrcBit = 1 << 1;
    public const int LargeFileBit = 1 << 0;

    // §5.1.1 Table 5-1, octet 3: segmentation control, entity ID length − 1, segment metadata flag, sequence number length − 1.
    public const int EntityIdLengthShift = 4;
    public const int SegmentMetadataBit = 1 << 3;
    public const int LengthMask = 0b111;

    /// <summary>§5.1.1: entity IDs and sequence numbers are 1–8 octets.</summary>
    public const int MaxFieldLength = 8;

    /// <summary>§4.1.3: optional PDU CRC, CRC-16-CCITT like the TC FECF.</summary>
    public const int CrcLength = 2;

    /// <summary>§5.2.5 / §5.2.6: ACK and Finished subtype for an ACK of Finished.</summary>
    public const int FinishedAckSubtype = 0b0001;

    /// <summary>§5.4.1.3: fault location TLV type (entity ID).</summary>
    public const byte EntityIdTlvType = 0x06;
}
