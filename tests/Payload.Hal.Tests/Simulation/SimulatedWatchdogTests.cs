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

    [Test]
    public void Watchdog_reset_power_cycles_the_rails_and_returns_chips_to_power_on_registers()
    {
        using Payload.Hal.Boards.Board board = Payload.Hal.Boards.BoardBuilder.Build(Payload.Hal.Boards.BoardProfileLoader.LoadBuiltIn("sim"));
        SimulatedBoard sim = board.Simulation!;
        var ina = board.PowerMonitors["accel-power"];
        sim.Rail("accelerator").TriggerLatchUp(1.5);
        Assert.That(ina.ReadCurrent(), Is.EqualTo(2.7).Within(1e-3));

        sim.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.That(sim.ResetCount, Is.EqualTo(1));
        Assert.That(sim.Rail("accelerator").IsLatchedUp, Is.False);
        Assert.That(ina.ReadCurrent(), Is.Zero, "calibration register lost in the reset");
        Assert.That(board.TemperatureSensors["accel-temp"].ReadHighLimit(), Is.EqualTo(192.0));
        ina.Reset();
        Assert.That(ina.ReadCurrent(), Is.EqualTo(1.2).Within(1e-3));
    }
}
