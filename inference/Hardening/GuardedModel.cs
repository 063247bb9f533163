using Payload.Inference.Onnx;

namespace Payload.Inference.Hardening;

/// <summary>A model with Clip guards inserted by <see cref="RangeGuard.Harden"/>, and what they guard.</summary>
public sealed class GuardedModel
{
    internal GuardedModel(OnnxModel model, string[] tensors, ActivationRange[] bounds, string? extremesOutput)
    {
        Model = model;
        Tensors = tensors;
        Bounds = bounds;
        ExtremesOutput = extremesOutput;
    }

    public OnnxModel Model { get; }

    /// <summary>Guarded tensor names, in the order of <see cref="Bounds"/> and of the extremes output.</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>The clip bounds of each guarded tensor.</summary>
    public IReadOnlyList<ActivationRange> Bounds { get; }

    /// <summary>
    /// Name of the extra float32[2 × guards] graph output holding [min, max] of each guarded tensor
    /// before its clip, or null when hits are not reported.
    /// </summary>
    public string? ExtremesOutput { get; }
}
