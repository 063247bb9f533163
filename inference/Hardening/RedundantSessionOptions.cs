using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>How a <see cref="RedundantSession"/> runs and votes.</summary>
public sealed class RedundantSessionOptions
{
    public RedundancyMode Mode { get; init; } = RedundancyMode.Tmr;

    public VoteLevel Level { get; init; } = VoteLevel.Elements;

    /// <summary>
    /// For <see cref="VoteLevel.Elements"/> on float32 outputs: two values agree when they are at most
    /// this many units in the last place apart. 0 (the default) means identical bits.
    /// </summary>
    public int UlpTolerance { get; init; }

    /// <summary>For <see cref="VoteLevel.ClassMap"/>: the class axis of every output (1 for NCHW).</summary>
    public int ClassAxis { get; init; } = 1;

    /// <summary>Threads inside one operator of each replica; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// How far ORT optimises the graph, once at load, before the replicas are made from the result
    /// (any level: the replicas run the optimised graph unchanged over our copies of its initializers).
    /// </summary>
    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.All;

    internal void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Use None, Dmr or Tmr.");
        }

        if (!Enum.IsDefined(Level))
        {
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "Use Elements or ClassMap.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(UlpTolerance, nameof(UlpTolerance));
        ArgumentOutOfRangeException.ThrowIfNegative(ClassAxis, nameof(ClassAxis));
        if (!Enum.IsDefined(GraphOptimization))
        {
            throw new ArgumentOutOfRangeException(nameof(GraphOptimization), GraphOptimization, "Use Disabled, Basic, Extended or All.");
        }
    }
}
