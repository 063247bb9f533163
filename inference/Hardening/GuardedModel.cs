using Payload.Inference.Onnx;

namespace Payload.Inference.Hardening;

/// <summary>A model with Clip guards placed by <see cref="RangeGuard.Harden"/>, and what they guard.</summary>
public sealed class GuardedModel
{
    internal GuardedModel(OnnxModel model, string[] tensors, int inputGuards, ActivationRange[] bounds, ActivationRange[] hitBounds, string? extremesOutput)
    {
        Model = model;
        Tensors = tensors;
        Inputs = tensors[..inputGuards];
        Bounds = bounds;
        HitBounds = hitBounds;
        ExtremesOutput = extremesOutput;
    }

    public OnnxModel Model { get; }

    /// <summary>
    /// Guarded tensor names, in the order of <see cref="Bounds"/>: the guarded graph inputs
    /// (<see cref="Inputs"/>) first, then the guards in the graph, in the order of the extremes output.
    /// </summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>
    /// The guarded graph inputs. No node guards them: the caller restricts each input buffer with
    /// <see cref="RangeGuardMonitor.GuardInput"/> before every run.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The clip bounds of each guarded tensor.</summary>
    public IReadOnlyList<ActivationRange> Bounds { get; }

    /// <summary>
    /// Per guard, the values at or beyond which an extreme counts as a hit: the clip bounds, with the
    /// lower one at -∞ where the guard is a Relu's floor (values there are the activation, not an upset).
    /// </summary>
    internal IReadOnlyList<ActivationRange> HitBounds { get; }

    /// <summary>
    /// Name of the extra float32[2 × in-graph guards] graph output holding [min, max] of each guarded
    /// tensor in the graph after its clip (see <see cref="RangeGuardMonitor"/>), or null when hits are not reported.
    /// </summary>
    public string? ExtremesOutput { get; }
}
