using Payload.Inference.Packages;

namespace Payload.Flight.Models;

/// <summary>The outcome of a slot command, for the command acknowledgement: done or refused, and why.</summary>
public sealed record SlotCommandResult(bool Succeeded, string Message, SlotName? Slot = null, PackageRejection? Rejection = null)
{
    public static SlotCommandResult Done(SlotName? slot, string message) => new(true, message, slot);

    public static SlotCommandResult Refused(string message, SlotName? slot = null) => new(false, message, slot);

    public override string ToString() => (Succeeded ? "done: " : "refused: ") + Message;
}
