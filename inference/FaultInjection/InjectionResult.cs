namespace Payload.Inference.FaultInjection;

/// <summary>What one injected run produced, and whether a protection repaired or flagged it.</summary>
internal sealed record InjectionResult(float[] Output, bool Repaired, bool Flagged);
