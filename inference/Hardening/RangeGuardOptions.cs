namespace Payload.Inference.Hardening;

/// <summary>Which tensors a range guard covers and how tightly.</summary>
public sealed class RangeGuardOptions
{
    /// <summary>
    /// Node types whose (first) output is profiled and may be guarded: the layers an upset blows up
    /// and the activation functions after them. Element-wise arithmetic is left out, which keeps the
    /// cost low. <see cref="RangeGuard.Harden"/> guards one tensor per layer chain of these (its end),
    /// not every one of them.
    /// </summary>
    public IReadOnlySet<string> GuardedOpTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization",
        "Relu", "LeakyRelu", "Elu", "Selu", "PRelu", "Sigmoid", "Tanh", "HardSigmoid", "Softmax",
        "MaxPool", "AveragePool", "GlobalAveragePool", "Resize", "Upsample", "Concat",
    };

    /// <summary>Guard the float graph inputs too (the input tile).</summary>
    public bool GuardInputs { get; init; } = true;

    /// <summary>
    /// Guard the tensors that are graph outputs (a Clip after each), but for an output a bounded
    /// activation makes (Sigmoid, Tanh, HardSigmoid, Softmax): that activation is its guard already.
    /// </summary>
    public bool GuardOutputs { get; init; } = true;

    /// <summary>
    /// The most layers an upset goes through (MaxPool and Pad between them do not count) before a guard
    /// restricts it. A guard is left out when a guarded tensor this many layers on covers it; 0 keeps a
    /// guard at every chain end. The default, 2, halves the C-UNet's clip cost against 1 (see the
    /// Hardening README for what each setting costs and catches).
    /// </summary>
    public int MaxLayersBeforeGuard { get; init; } = 2;

    /// <summary>How far beyond the profiled range a value may go, as a fraction of the range's width.</summary>
    public float Margin { get; init; } = 0.05f;

    /// <summary>
    /// Add the graph output <see cref="GuardedModel.ExtremesOutput"/> with every guard's minimum and
    /// maximum, for <see cref="RangeGuardMonitor"/> to count hits. It costs about one more read of each
    /// guarded tensor per run (see the Hardening README for the measured cost).
    /// </summary>
    public bool ReportHits { get; init; } = true;
}
