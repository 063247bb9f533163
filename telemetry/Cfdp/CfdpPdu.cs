namespace Payload.Telemetry.Cfdp;

/// <summary>One decoded PDU. Only the fields of its <see cref="Kind"/> are meaningful; spans point into the input.</summary>
internal readonly ref struct CfdpPdu
{
    public CfdpPduHeader Header { get; init; }

    public CfdpPduKind Kind { get; init; }

    public CfdpConditionCode Condition { get; init; }

    /// <summary>File data offset, EOF/Metadata file size, Keep Alive progress.</summary>
    public ulong Offset { get; init; }

    public ReadOnlySpan<byte> FileData { get; init; }

    public uint Checksum { get; init; }

    public bool ClosureRequested { get; init; }

    public int ChecksumType { get; init; }

    public string? SourceFileName { get; init; }

    public string? DestinationFileName { get; init; }

    public bool DeliveryIncomplete { get; init; }

    public int FileStatus { get; init; }

    public CfdpDirectiveCode AckedDirective { get; init; }

    public int TransactionStatus { get; init; }

    public bool PromptKeepAlive { get; init; }

    public CfdpSegment Scope { get; init; }

    public CfdpSegment[]? Segments { get; init; }
}
