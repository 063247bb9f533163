using System.Globalization;

namespace Payload.GroundTest.Output;

/// <summary>
/// A run's alert latencies (capture time carried in the product → alert decoded on the ground) as nearest-rank
/// percentiles, saying when there are too few alerts for a percentile to be more than the maximum. An alert captured
/// before a flight boot and decoded after it waited for the restart (a resumed scene keeps its capture time): it is
/// counted apart, so the percentiles describe the payload at work and the restarts' cost is still shown.
/// </summary>
internal sealed class AlertLatencies
{
    // Nearest rank: the p-th percentile of n sorted samples is sample ceil(p·n); it is below the maximum only from
    // n = 1 / (1 − p): 20 samples for p95, 100 for p99.
    private const int SamplesForP95 = 20;
    private const int SamplesForP99 = 100;

    private readonly double[] sorted;
    private readonly double[] acrossRestart;

    /// <param name="alerts">Each alert's capture time and the time it was decoded (first arrivals).</param>
    /// <param name="boots">When each BOOTED event was received.</param>
    public AlertLatencies(IEnumerable<(DateTimeOffset CapturedAt, DateTimeOffset ReceivedAt)> alerts, IEnumerable<DateTimeOffset> boots)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(boots);
        DateTimeOffset[] bootTimes = [.. boots];
        var all = alerts.Select(a => (Ms: (a.ReceivedAt - a.CapturedAt).TotalMilliseconds, Restarted: bootTimes.Any(b => b > a.CapturedAt && b < a.ReceivedAt))).ToList();
        sorted = [.. all.Where(a => !a.Restarted).Select(a => a.Ms).Order()];
        acrossRestart = [.. all.Where(a => a.Restarted).Select(a => a.Ms).Order()];
    }

    /// <summary>Alerts not delayed by a restart, which the percentiles describe.</summary>
    public int Count => sorted.Length;

    /// <summary>Alerts captured before a flight restart and decoded after it.</summary>
    public int AcrossRestartCount => acrossRestart.Length;

    public double Min => sorted[0];

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double P99 => Percentile(0.99);

    public double Max => sorted[^1];

    /// <summary>Why p95/p99 are only the maximum, or null when there are enough alerts (or none).</summary>
    public string? Caveat => Count switch
    {
        0 => null,
        < SamplesForP95 => string.Create(CultureInfo.InvariantCulture, $"only {Count} alert(s): p95 and p99 are the maximum (a p95 needs {SamplesForP95}, a p99 {SamplesForP99})"),
        < SamplesForP99 => string.Create(CultureInfo.InvariantCulture, $"only {Count} alerts: p99 is the maximum (a p99 needs {SamplesForP99})"),
        _ => null,
    };

    /// <summary>The alerts delayed by a restart, or null when none were: "2 more waited for a flight restart (max 6026.0 ms)".</summary>
    public string? Restarts => acrossRestart.Length == 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{acrossRestart.Length} more waited for a flight restart (max {acrossRestart[^1]:F1} ms)");

    /// <summary>One line: "4, latency capture to decoded: p50 …, p95 …, p99 …, max … (caveat)", then the restarts' alerts; or "none".</summary>
    public string Describe()
    {
        string line = Count == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"{Count}, latency capture to decoded: p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms");
        if (Caveat is string caveat)
        {
            line += $" ({caveat})";
        }

        return Restarts is string restarts ? $"{line}; {restarts}" : line;
    }

    private double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
