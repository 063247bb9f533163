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

    /// <summary>Graph optimisation of each replica; at most Extended, so the replicas read the weights from our buffers.</summary>
    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.Extended;

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
        if (GraphOptimization > GraphOptimizationLevel.Extended)
        {
            throw new ArgumentOutOfRangeException(
                nameof(GraphOptimization), GraphOptimization, "Replicas read weights from our buffers, which needs Extended or lower.");
        }
    }
}
