using Payload.GroundTest.Output;

namespace Payload.GroundTest.Tests.Output;

public class AlertLatenciesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_hundred_alerts_give_nearest_rank_percentiles_without_a_caveat()
    {
        // 1..100 ms in a seeded shuffle: order of arrival does not matter.
        double[] latencies = [.. Enumerable.Range(1, 100).Select(v => (double)v)];
        new Random(7).Shuffle(latencies);

        var figures = new AlertLatencies(Alerts(latencies), []);

        Assert.That((figures.Count, figures.Min, figures.P50, figures.P95, figures.P99, figures.Max), Is.EqualTo((100, 1.0, 50.0, 95.0, 99.0, 100.0)));
        Assert.That(figures.Caveat, Is.Null);
        Assert.That(figures.Describe(), Is.EqualTo("100, latency capture to decoded: p50 50.0 ms, p95 95.0 ms, p99 99.0 ms, max 100.0 ms"));
    }

    [TestCase(1, "only 1 alert(s): p95 and p99 are the maximum (a p95 needs 20, a p99 100)")]
    [TestCase(19, "only 19 alert(s): p95 and p99 are the maximum (a p95 needs 20, a p99 100)")]
    [TestCase(20, "only 20 alerts: p99 is the maximum (a p99 needs 100)")]
    [TestCase(99, "only 99 alerts: p99 is the maximum (a p99 needs 100)")]
    public void Too_few_alerts_for_a_percentile_say_so(int count, string caveat)
    {
        var figures = new AlertLatencies(Alerts(Enumerable.Range(1, count).Select(v => v * 10.0)), []);

        Assert.That(figures.Caveat, Is.EqualTo(caveat));
        Assert.That(figures.P99, Is.EqualTo(figures.Max));
        Assert.That(figures.Describe(), Does.EndWith($"({caveat})"));
    }

    [Test]
    public void An_alert_that_waited_for_a_flight_restart_is_counted_apart()
    {
        // Alerts captured at 0 s, 10 s and 20 s; a boot received at 10.5 s falls inside the second one's wait only.
        (DateTimeOffset, DateTimeOffset)[] alerts =
        [
            (Start, Start.AddMilliseconds(400)),
            (Start.AddSeconds(10), Start.AddSeconds(13)),
            (Start.AddSeconds(20), Start.AddSeconds(20.5)),
        ];

        var figures = new AlertLatencies(alerts, [Start.AddSeconds(-5), Start.AddSeconds(10.5)]);

        Assert.That((figures.Count, figures.AcrossRestartCount, figures.Max), Is.EqualTo((2, 1, 500.0)));
        Assert.That(figures.Restarts, Is.EqualTo("1 more waited for a flight restart (max 3000.0 ms)"));
        Assert.That(figures.Describe(), Does.EndWith("; 1 more waited for a flight restart (max 3000.0 ms)"));
    }

    [Test]
    public void Only_restarted_alerts_describe_as_none_and_the_restarts()
    {
        var figures = new AlertLatencies([(Start, Start.AddSeconds(4))], [Start.AddSeconds(1)]);

        Assert.That(figures.Count, Is.Zero);
        Assert.That(figures.Describe(), Is.EqualTo("none; 1 more waited for a flight restart (max 4000.0 ms)"));
    }

    [Test]
    public void No_alerts_describe_as_none()
    {
        var figures = new AlertLatencies([], [Start]);

        Assert.That((figures.Count, figures.AcrossRestartCount), Is.EqualTo((0, 0)));
        Assert.That(figures.Caveat, Is.Null);
        Assert.That(figures.Describe(), Is.EqualTo("none"));
    }

    private static IEnumerable<(DateTimeOffset, DateTimeOffset)> Alerts(IEnumerable<double> latenciesMs) =>
        latenciesMs.Select((ms, i) => (Start.AddSeconds(i), Start.AddSeconds(i).AddMilliseconds(ms)));
}
