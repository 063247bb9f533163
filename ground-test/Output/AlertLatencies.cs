using System.Globalization;

namespace Payload.GroundTest.Output;

/// <summary>
/// A run's alert latencies (capture time carried in the product → alert decoded on the ground) as nearest-rank
/// percentiles, saying when there are too few alerts for a percentile to be more than the maximum.
/// </summary>
internal sealed class AlertLatencies
{
    // Nearest rank: the p-th percentile of n sorted samples is sample ceil(p·n); it is below the maximum only from
    // n = 1 / (1 − p): 20 samples for p95, 100 for p99.
    private const int SamplesForP95 = 20;
    private const int SamplesForP99 = 100;

    private readonly double[] sorted;

    public AlertLatencies(IEnumerable<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(latenciesMs);
        sorted = [.. latenciesMs.Order()];
    }

    public int Count => sorted.Length;

    public double Min => sorted[0];

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double P99 => Percentile(0.99);

    public double Max => sorted[^1];

    /// <summary>Why p95/p99 are only the maximum, or null when there are enough alerts.</summary>
    public string? Caveat => Count switch
    {
        0 => null,
        < SamplesForP95 => string.Create(CultureInfo.InvariantCulture, $"only {Count} alert(s): p95 and p99 are the maximum (a p95 needs {SamplesForP95}, a p99 {SamplesForP99})"),
        < SamplesForP99 => string.Create(CultureInfo.InvariantCulture, $"only {Count} alerts: p99 is the maximum (a p99 needs {SamplesForP99})"),
        _ => null,
    };

    /// <summary>One line: "4 alerts, latency capture to decoded: p50 …, p95 …, p99 …, max … (caveat)", or "none".</summary>
    public string Describe()
    {
        if (Count == 0)
        {
            return "none";
        }

        string line = string.Create(CultureInfo.InvariantCulture, $"{Count}, latency capture to decoded: p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms");
        return Caveat is string caveat ? $"{line} ({caveat})" : line;
    }

    private double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
