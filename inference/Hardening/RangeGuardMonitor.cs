using System.Numerics;
using System.Runtime.InteropServices;

namespace Payload.Inference.Hardening;

/// <summary>
/// Restricts a <see cref="GuardedModel"/>'s inputs and counts its range-guard hits. A guarded tensor
/// is hit in a run when at least one of its elements reached or passed a clip bound, that is, when
/// the guard clipped it (or it is NaN). Inside the graph that shows in the model's extremes output:
/// a minimum at or below the lower bound, or a maximum at or above the upper one. The bounds lie a
/// margin beyond the profiled range, so in-range data never reaches them. A guard that replaced a
/// Relu has no lower side: values at its floor of 0 are the Relu at work, so only the upper bound
/// counts. Allocates nothing per run.
/// </summary>
public sealed class RangeGuardMonitor
{
    private readonly string[] _inputs;
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly long[] _hits;
    private int _inputHits;

    public RangeGuardMonitor(GuardedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Tensors = model.Tensors;
        ExtremesOutput = model.ExtremesOutput;
        _inputs = [.. model.Inputs];
        _low = [.. model.HitBounds.Select(b => b.Min)];
        _high = [.. model.HitBounds.Select(b => b.Max)];
        _hits = new long[_low.Length];
    }

    public IReadOnlyList<string> Tensors { get; }

    /// <summary>The model output <see cref="Observe"/> reads, or null when the model does not report hits.</summary>
    public string? ExtremesOutput { get; }

    /// <summary>Runs observed.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs in which at least one guard was hit.</summary>
    public long RunsWithHits { get; private set; }

    /// <summary>Runs in which guarded tensor <paramref name="index"/> was clipped at a bound (or held NaN).</summary>
    public long Hits(int index) => _hits[index];

    /// <summary>
    /// The input guard, run on the buffer that is about to go into the model as graph input
    /// <paramref name="input"/>: every value outside its bounds is clipped to the bound, a NaN set to
    /// the lower bound. Returns whether any was; a hit is counted with the next <see cref="Observe"/>.
    /// An input the model does not guard is left alone.
    /// </summary>
    public bool GuardInput(string input, Span<float> values)
    {
        int guard = Array.IndexOf(_inputs, input);
        if (guard < 0 || InRange(values, _low[guard], _high[guard]))
        {
            return false;
        }

        float low = _low[guard];
        float high = _high[guard];
        foreach (ref float v in values)
        {
            v = float.IsNaN(v) || v <= low ? low : v >= high ? high : v;
        }

        _hits[guard]++;
        _inputHits++;
        return true;
    }

    /// <summary>
    /// Reads one run's extremes output; returns how many guarded tensors were hit, inputs restricted
    /// by <see cref="GuardInput"/> since the last call included.
    /// </summary>
    /// <exception cref="ArgumentException">The extremes do not hold two values per guard in the graph.</exception>
    public int Observe(ReadOnlySpan<float> extremes)
    {
        int inGraph = _low.Length - _inputs.Length;
        if (extremes.Length != 2 * inGraph)
        {
            throw new ArgumentException($"Extremes hold {extremes.Length} values; {inGraph} guards in the graph need {2 * inGraph}.", nameof(extremes));
        }

        int hits = _inputHits;
        _inputHits = 0;
        for (int g = 0; g < inGraph; g++)
        {
            int i = _inputs.Length + g;
            if (!(extremes[2 * g] > _low[i]) || !(extremes[(2 * g) + 1] < _high[i]))
            {
                _hits[i]++;
                hits++;
            }
        }

        Runs++;
        if (hits > 0)
        {
            RunsWithHits++;
        }

        return hits;
    }

    // One read of the tile, vectorised: whether every value lies strictly inside (low, high); NaN is not.
    private static bool InRange(ReadOnlySpan<float> values, float low, float high)
    {
        ReadOnlySpan<Vector<float>> blocks = MemoryMarshal.Cast<float, Vector<float>>(values);
        var lows = new Vector<float>(low);
        var highs = new Vector<float>(high);
        foreach (Vector<float> block in blocks)
        {
            if (!Vector.GreaterThanAll(block, lows) || !Vector.LessThanAll(block, highs))
            {
                return false;
            }
        }

        foreach (float v in values[(blocks.Length * Vector<float>.Count)..])
        {
            if (!(v > low) || !(v < high))
            {
                return false;
            }
        }

        return true;
    }
}
