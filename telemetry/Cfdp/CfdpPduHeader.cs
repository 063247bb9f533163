namespace Payload.Telemetry.Cfdp;

/// <summary>The fixed PDU header fields (CCSDS 727.0-B-5 §5.1), minus the data field length which is derived.</summary>
internal readonly record struct CfdpPduHeader(
    bool IsFileData,
    bool TowardSender,
    CfdpTransmissionMode Mode,
    bool HasCrc,
    bool LargeFile,
    int EntityIdLength,
    int SequenceNumberLength,
    ulong SourceEntityId,
    ulong SequenceNumber,
    ulong DestinationEntityId)
{
    public int Length => CfdpLayout.FixedHeaderLength + (2 * EntityIdLength) + SequenceNumberLength;

    /// <summary>File-size-sensitive field width (§5.1.2: 64 bits with the large file flag, else 32).</summary>
    public int OffsetLength => LargeFile ? 8 : 4;

    public CfdpTransactionId Transaction => new(SourceEntityId, SequenceNumber);
}
