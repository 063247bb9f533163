using Payload.Hal.Buses;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Simulation;

public class SimulatedWatchdogTests
{
    [Test]
    public void Board_resets_when_the_watchdog_is_not_kicked_within_its_timeout()
    {
        var clock = new SimulatedClock();
        using var watchdog = new SimulatedWatchdog(clock, TimeSpan.FromSeconds(10));
        int resets = 0;
        watchdog.BoardReset += () => resets++;

        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(resets, Is.Zero);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(resets, Is.EqualTo(1));
        Assert.That(watchdog.ResetCount, Is.EqualTo(1));
        Assert.That(watchdog.LastResetReason, Is.EqualTo(WatchdogResetReason.WatchdogTimeout));
    }

    [Test]
    public void Regular_kicks_keep_the_board_running()
    {
        var clock = new SimulatedClock();
        using var watchdog = new SimulatedWatchdog(clock, TimeSpan.FromSeconds(10));
        for (int i = 0; i < 60; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            watchdog.Kick();
        }

        Assert.That(watchdog.ResetCount, Is.Zero);
        Assert.That(watchdog.LastResetReason, Is.EqualTo(WatchdogResetReason.PowerOn));
    }
}
