namespace Payload.Flight.Commanding;

/// <summary>The stages a command is acknowledged at, as sent on the acknowledgement APID.</summary>
public enum AcknowledgementStage : byte
{
    Accepted = 1,
    Rejected = 2,
    Completed = 3,
    Failed = 4,
}
