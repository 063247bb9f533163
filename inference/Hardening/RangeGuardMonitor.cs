namespace Payload.Inference.Hardening;

/// <summary>
/// Counts range-guard hits from a <see cref="GuardedModel"/>'s extremes output. A guarded tensor is
/// hit in a run when at least one of its elements reached or passed a clip bound, that is, when the
/// guard clipped it (or it is NaN): its minimum is at or below the lower bound, or its maximum at or
/// above the upper one. The bounds lie a margin beyond the profiled range, so in-range data never
/// reaches them. A guard that replaced a Relu has no lower side: values at its floor of 0 are the Relu
/// at work, so only the upper bound counts. Allocates nothing per run.
/// </summary>
public sealed class RangeGuardMonitor
{
    private readonly float[] _low;
    private readonly float[] _high;
    private readonly long[] _hits;

    public RangeGuardMonitor(GuardedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Tensors = model.Tensors;
        ExtremesOutput = model.ExtremesOutput;
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

    /// <summary>Reads one run's extremes output; returns how many guarded tensors were hit.</summary>
    /// <exception cref="ArgumentException">The extremes do not hold two values per guarded tensor.</exception>
    public int Observe(ReadOnlySpan<float> extremes)
    {
        if (extremes.Length != 2 * _low.Length)
        {
            throw new ArgumentException($"Extremes hold {extremes.Length} values; {_low.Length} guards need {2 * _low.Length}.", nameof(extremes));
        }

        int hits = 0;
        for (int i = 0; i < _low.Length; i++)
        {
            if (!(extremes[2 * i] > _low[i]) || !(extremes[(2 * i) + 1] < _high[i]))
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
}
