using Payload.GroundTest.Output;

namespace Payload.GroundTest.Tests.Output;

public class AlertLatenciesTests
{
    [Test]
    public void A_hundred_alerts_give_nearest_rank_percentiles_without_a_caveat()
    {
        // 1..100 ms in a seeded shuffle: order of arrival does not matter.
        double[] latencies = [.. Enumerable.Range(1, 100).Select(v => (double)v)];
        new Random(7).Shuffle(latencies);

        var figures = new AlertLatencies(latencies);

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
        var figures = new AlertLatencies(Enumerable.Range(1, count).Select(v => v * 10.0));

        Assert.That(figures.Caveat, Is.EqualTo(caveat));
        Assert.That(figures.P99, Is.EqualTo(figures.Max));
        Assert.That(figures.Describe(), Does.EndWith($"({caveat})"));
    }

    [Test]
    public void No_alerts_describe_as_none()
    {
        var figures = new AlertLatencies([]);

        Assert.That(figures.Count, Is.Zero);
        Assert.That(figures.Caveat, Is.Null);
        Assert.That(figures.Describe(), Is.EqualTo("none"));
    }
}
