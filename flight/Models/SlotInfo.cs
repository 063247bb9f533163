namespace Payload.Flight.Models;

/// <summary>One slot as <see cref="SlotStore.List"/> reports it.</summary>
/// <param name="Sequence">Install sequence number, increasing across the store's life; 0 when empty.</param>
/// <param name="PackageHash">SHA-256 of the installed package manifest, lower-case hex; "" when empty.</param>
public sealed record SlotInfo(SlotName Slot, SlotState State, long Sequence, string PackageHash, string Name, string Version, string? Problem)
{
    public override string ToString() => State switch
    {
        SlotState.Empty => $"slot {Slot}: empty",
        SlotState.Corrupt => $"slot {Slot}: corrupt ({Problem})",
        _ => $"slot {Slot}: {State.ToString().ToLowerInvariant()} {Name} {Version} seq {Sequence} sha256 {PackageHash}",
    };
}
