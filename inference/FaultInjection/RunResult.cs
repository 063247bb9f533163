namespace Payload.Inference.FaultInjection;

/// <summary>One run's model output and, under range guards, the guards' pre-clip extremes.</summary>
internal sealed record RunResult(float[] Output, float[]? Extremes);
