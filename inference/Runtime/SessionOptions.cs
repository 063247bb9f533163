namespace Payload.Inference.Runtime;

/// <summary>
/// How an <see cref="InferenceSession"/> is set up. Defaults: ORT's thread counts, graph optimisation
/// "all", and no spinning (idle pool threads sleep instead of burning a core after each run, which
/// matters on a shared, power-limited payload computer).
/// </summary>
public sealed class SessionOptions
{
    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.All;

    /// <summary>Whether idle intra-op and inter-op pool threads spin; off by default.</summary>
    public bool AllowSpinning { get; init; }

    /// <summary>
    /// Initializers whose values come from buffers we own instead of from the model file, by
    /// initializer name (AddInitializer). The session keeps using these buffers: they must outlive
    /// it, and a change to them changes what the model computes. With any of them given, pre-packing
    /// is off, so no kernel (ConvTranspose, for one) keeps a private packed copy of a weight. Needs
    /// <see cref="GraphOptimization"/> Extended or lower: at All, ORT re-lays weights out from the model
    /// file and ignores the buffers (<c>RedundantSession</c> reaches All's speed by having ORT optimise
    /// the graph first and owning the optimised graph's initializers).
    /// </summary>
    public IReadOnlyDictionary<string, TensorBuffer>? Initializers { get; init; }

    /// <summary>Where ORT writes the optimised graph when the session is created; null for nowhere.</summary>
    internal string? OptimizedModelPath { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(InterOpThreads, nameof(InterOpThreads));
        if (!Enum.IsDefined(GraphOptimization))
        {
            throw new ArgumentOutOfRangeException(nameof(GraphOptimization), GraphOptimization, "Use Disabled, Basic, Extended or All.");
        }

        if (Initializers is { Count: > 0 } && GraphOptimization > GraphOptimizationLevel.Extended)
        {
            throw new ArgumentException(
                $"{Initializers.Count} initializer(s) from our buffers need GraphOptimization Extended or lower, not {GraphOptimization}: " +
                "at All, ONNX Runtime re-lays the weights out from the model file and would ignore the buffers.",
                nameof(Initializers));
        }
    }
}
