namespace Payload.Inference.Hardening;

/// <summary>A checkpoint slot that could not be used: which file and why (for the event log).</summary>
public sealed record CheckpointSlotFault(int Slot, string Path, string Reason);
