namespace Payload.Telemetry.Cfdp;

/// <summary>A transaction is named by its source entity and that entity's sequence number (CCSDS 727.0-B-5 §3.3).</summary>
public readonly record struct CfdpTransactionId(ulong SourceEntityId, ulong SequenceNumber)
{
    public override string ToString() => $"{SourceEntityId}/{SequenceNumber}";
}
