using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Simulation;

public class SimulatedClockTests
{
    [Test]
    public void Periodic_timer_fires_once_per_period_of_simulated_time()
    {
        var clock = new SimulatedClock();
        var fired = new List<TimeSpan>();
        using ITimer timer = clock.CreateTimer(_ => fired.Add(clock.Elapsed), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(350));
        Assert.That(fired, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300) }));
    }

    [Test]
    public void Time_does_not_move_by_itself()
    {
        var clock = new SimulatedClock();
        DateTimeOffset start = clock.GetUtcNow();
        Assert.That(clock.GetUtcNow(), Is.EqualTo(start));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(clock.GetUtcNow() - start, Is.EqualTo(TimeSpan.FromHours(1)));
    }
}
