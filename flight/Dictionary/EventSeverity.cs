namespace Payload.Flight.Dictionary;

/// <summary>How much an event matters to operators.</summary>
public enum EventSeverity
{
    Info,
    Warning,
    Error,
}
