namespace Payload.Telemetry.Cfdp;

/// <summary>Condition codes (CCSDS 727.0-B-5 §5.2.2, Table 5-5).</summary>
public enum CfdpConditionCode : byte
{
    NoError = 0,
    PositiveAckLimitReached = 1,
    KeepAliveLimitReached = 2,
    InvalidTransmissionMode = 3,
    FilestoreRejection = 4,
    FileChecksumFailure = 5,
    FileSizeError = 6,
    NakLimitReached = 7,
    InactivityDetected = 8,
    InvalidFileStructure = 9,
    CheckLimitReached = 10,
    UnsupportedChecksumType = 11,
    SuspendRequestReceived = 14,
    CancelRequestReceived = 15,
}
