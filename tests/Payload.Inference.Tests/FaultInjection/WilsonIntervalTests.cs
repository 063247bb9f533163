using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

public class WilsonIntervalTests
{
    // Reference values of the Wilson score interval at 95 % (0/10 and 5/10 are the textbook examples; R: prop.test(k, n, correct = FALSE)).
    [TestCase(0, 10, 0.0, 0.27753)]
    [TestCase(5, 10, 0.23659, 0.76341)]
    [TestCase(10, 10, 0.72247, 1.0)]
    [TestCase(81, 263, 0.25529, 0.36621)]
    [TestCase(1, 3000, 0.0000588, 0.0018858)]
    public void Interval_matches_published_values(long successes, long trials, double lower, double upper)
    {
        WilsonInterval interval = WilsonInterval.Of(successes, trials);

        Assert.That(interval.Lower, Is.EqualTo(lower).Within(2e-5));
        Assert.That(interval.Upper, Is.EqualTo(upper).Within(2e-5));
        Assert.That(interval.Rate, Is.EqualTo((double)successes / trials));
    }

    [Test]
    public void No_trials_give_the_whole_unit_interval()
    {
        Assert.That(WilsonInterval.Of(0, 0), Is.EqualTo(new WilsonInterval(0, 0, 1)));
    }

    [TestCase(-1, 10)]
    [TestCase(11, 10)]
    public void Impossible_counts_are_refused(long successes, long trials)
    {
        Assert.That(() => WilsonInterval.Of(successes, trials), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
