namespace Payload.Telemetry.Cfdp;

/// <summary>An event from the CFDP entity for the executive to log or raise as telemetry.</summary>
public sealed record CfdpIndication(
    CfdpIndicationKind Kind,
    CfdpTransactionId Transaction,
    CfdpConditionCode Condition,
    string Message,
    string? FilePath = null);
