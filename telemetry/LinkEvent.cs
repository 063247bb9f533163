namespace Payload.Telemetry;

/// <summary>
/// Something the ground decoder noticed on the link: a gap, a failed check, a malformed field.
/// The message names the field and the offending value (and the expected one where there is one).
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">Human-readable detail naming field and value.</param>
public sealed record LinkEvent(LinkEventKind Kind, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}
