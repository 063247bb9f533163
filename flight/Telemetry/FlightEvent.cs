using Payload.Flight.Dictionary;

namespace Payload.Flight.Telemetry;

/// <summary>One event as emitted: its definition and the formatted text.</summary>
public sealed record FlightEvent(DateTimeOffset Time, EventDefinition Definition, string Text)
{
    public override string ToString() => $"{Time:HH:mm:ss.fff} {Definition.Severity} {Definition.Name}: {Text}";
}
