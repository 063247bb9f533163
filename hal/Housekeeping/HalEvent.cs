namespace Payload.Hal.Housekeeping;

/// <summary>Something the hardware layer did or saw, with the values that explain it (flight maps these to event telemetry).</summary>
/// <param name="Time">When it happened (board clock).</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Source">What raised it: a rail, device or service name.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Values">The numbers behind it, e.g. measured current and limit.</param>
public sealed record HalEvent(DateTimeOffset Time, HalEventSeverity Severity, string Source, string Message, IReadOnlyDictionary<string, double> Values)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Time:O} {Severity} {Source}: {Message} ({string.Join(", ", Values.Select(v => $"{v.Key}={v.Value:G6}"))})";
}
