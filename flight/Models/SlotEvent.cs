namespace Payload.Flight.Models;

/// <summary>One step reported by a slot store; <see cref="Message"/> names the slot, package and values.</summary>
public sealed record SlotEvent(SlotEventKind Kind, SlotName? Slot, string Message)
{
    /// <summary>Whether the event reports a refusal or a failure (for the event severity).</summary>
    public bool IsWarning => Kind is SlotEventKind.PackageRejected or SlotEventKind.ProbationFailed or SlotEventKind.RolledBack
        or SlotEventKind.SlotCorrupt or SlotEventKind.CommandRefused or SlotEventKind.PartialWriteDiscarded;

    public override string ToString() => $"{Kind}: {Message}";
}
