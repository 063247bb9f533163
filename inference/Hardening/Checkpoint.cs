namespace Payload.Inference.Hardening;

/// <summary>A checkpoint read back from a <see cref="CheckpointStore"/>: its sequence number, slot and payload.</summary>
public sealed record Checkpoint(long Sequence, int Slot, byte[] Data);
