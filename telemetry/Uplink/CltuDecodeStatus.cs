namespace Payload.Telemetry.Uplink;

/// <summary>How a CLTU decode ended.</summary>
public enum CltuDecodeStatus
{
    Decoded,
    StartSequenceNotFound,
    UncorrectableCodeblock,
    TailSequenceNotFound,
    Empty,
    DestinationTooSmall,
}
