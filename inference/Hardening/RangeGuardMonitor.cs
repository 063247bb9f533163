namespace Payload.Inference.Hardening;

/// <summary>
/// Counts range-guard hits from a <see cref="GuardedModel"/>'s extremes output: a guarded tensor is
/// hit in a run when its pre-clip minimum or maximum lies outside its bounds (or is NaN).
/// Allocates nothing per run.
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
        _low = [.. model.Bounds.Select(b => b.Min)];
        _high = [.. model.Bounds.Select(b => b.Max)];
        _hits = new long[_low.Length];
    }

    public IReadOnlyList<string> Tensors { get; }

    /// <summary>The model output <see cref="Observe"/> reads, or null when the model does not report hits.</summary>
    public string? ExtremesOutput { get; }

    /// <summary>Runs observed.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs in which at least one guard was hit.</summary>
    public long RunsWithHits { get; private set; }

    /// <summary>Runs in which guarded tensor <paramref name="index"/> went out of range.</summary>
    public long Hits(int index) => _hits[index];

    /// <summary>Reads one run's extremes output; returns how many guarded tensors were out of range.</summary>
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
            if (!(extremes[2 * i] >= _low[i]) || !(extremes[(2 * i) + 1] <= _high[i]))
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
