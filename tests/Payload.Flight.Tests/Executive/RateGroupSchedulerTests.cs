using Payload.Flight.Executive;
using Payload.Hal.Simulation;

namespace Payload.Flight.Tests.Executive;

public sealed class RateGroupSchedulerTests
{
    [Test]
    public void Groups_run_at_their_rates_on_the_simulated_clock()
    {
        var clock = new SimulatedClock();
        var scheduler = new RateGroupScheduler(clock);
        int fast = 0, slow = 0;
        scheduler.Add("health", 10, () => fast++);
        scheduler.Add("housekeeping", 1, () => slow++);

        for (int step = 0; step < 300; step++)
        {
            scheduler.RunDue();
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(fast, Is.EqualTo(30));
        Assert.That(slow, Is.EqualTo(3));
    }

    [Test]
    public void Nothing_runs_twice_while_the_clock_stands_still()
    {
        var clock = new SimulatedClock();
        var scheduler = new RateGroupScheduler(clock);
        int runs = 0;
        scheduler.Add("health", 10, () => runs++);

        scheduler.RunDue();
        scheduler.RunDue();
        scheduler.RunDue();

        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void A_late_group_runs_once_and_does_not_burst()
    {
        var clock = new SimulatedClock();
        var scheduler = new RateGroupScheduler(clock);
        int runs = 0;
        scheduler.Add("health", 10, () => runs++);
        scheduler.RunDue();

        clock.Advance(TimeSpan.FromSeconds(5));
        scheduler.RunDue();
        scheduler.RunDue();

        Assert.That(runs, Is.EqualTo(2));
    }

    [Test]
    public void Changing_a_rate_takes_effect_from_now()
    {
        var clock = new SimulatedClock();
        var scheduler = new RateGroupScheduler(clock);
        int runs = 0;
        RateGroup group = scheduler.Add("housekeeping", 1, () => runs++);
        scheduler.RunDue();

        scheduler.SetRate(group, 4);
        for (int step = 0; step < 100; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            scheduler.RunDue();
        }

        Assert.That(runs, Is.EqualTo(1 + 4));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Non_positive_rates_are_refused(double hertz)
    {
        var scheduler = new RateGroupScheduler(new SimulatedClock());

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Add("x", hertz, () => { }));
    }
}
