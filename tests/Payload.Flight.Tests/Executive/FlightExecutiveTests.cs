using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.Flight.Tests.Support;
using Payload.Hal.Simulation;

namespace Payload.Flight.Tests.Executive;

public sealed class FlightExecutiveTests
{
    [Test]
    public void Boot_goes_to_idle_with_a_boot_event()
    {
        using var bench = new FlightBench();

        bench.Executive.Start();

        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Idle));
        Assert.That(bench.Sink.Events.First().Id, Is.EqualTo(FlightDictionary.Booted.Id));
        Assert.That(bench.Sink.Events.First().Text, Does.StartWith("boot 1, reset reason PowerOn"));
    }

    [Test]
    public void Housekeeping_carries_every_channel_once_a_second()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();

        bench.Advance(TimeSpan.FromSeconds(3));

        var housekeeping = bench.Sink.Packets.Where(p => p.Apid == FlightDictionary.HousekeepingApid).ToList();
        Assert.That(housekeeping, Has.Count.InRange(3, 4));
        IReadOnlyDictionary<ushort, double> values = bench.Sink.LastHousekeeping!;
        Assert.That(values.Keys, Is.EquivalentTo(FlightDictionary.Channels.Select(c => c.Id)));
        Assert.That(values[FlightDictionary.ModeChannel.Id], Is.EqualTo((double)FlightMode.Idle));
        Assert.That(values[FlightDictionary.BootCountChannel.Id], Is.EqualTo(1));
        Assert.That(values[FlightDictionary.TemperatureChannel.Id], Is.InRange(-20, 85));
        Assert.That(values[FlightDictionary.CurrentChannel.Id], Is.EqualTo(1.2).Within(0.05));
        Assert.That(values[FlightDictionary.VoltageChannel.Id], Is.EqualTo(5).Within(0.05));
        Assert.That(values[FlightDictionary.WatchdogKicksChannel.Id], Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public void Watchdog_is_kicked_only_while_every_component_is_healthy()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        bench.Advance(TimeSpan.FromSeconds(1));
        long kicksWhileHealthy = bench.Executive.Watchdog!.Kicks;
        SimulatedI2cBus bus = bench.Board.Simulation!.I2cBus("i2c1");

        bus.InjectFault(0x40, SimulatedI2cFault.Nack);
        bus.InjectFault(0x48, SimulatedI2cFault.Nack);
        bench.Advance(TimeSpan.FromSeconds(1));

        Assert.That(kicksWhileHealthy, Is.InRange(9, 11));
        Assert.That(bench.Executive.Watchdog.Kicks, Is.InRange(kicksWhileHealthy, kicksWhileHealthy + 5), "kicks stop once the failures persist");
        Assert.That(bench.Executive.Watchdog.WithheldKicks, Is.GreaterThanOrEqualTo(5));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.ComponentUnhealthy.Id));

        bus.InjectFault(0x40, SimulatedI2cFault.None);
        bus.InjectFault(0x48, SimulatedI2cFault.None);
        bench.Advance(TimeSpan.FromSeconds(1));

        Assert.That(bench.Executive.Watchdog.Kicks, Is.GreaterThan(kicksWhileHealthy + 5));
    }

    [Test]
    public void Unhealthy_payload_lets_the_watchdog_reset_the_board()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        SimulatedI2cBus bus = bench.Board.Simulation!.I2cBus("i2c1");
        bus.InjectFault(0x40, SimulatedI2cFault.Nack);
        bus.InjectFault(0x48, SimulatedI2cFault.Nack);

        bench.Advance(TimeSpan.FromSeconds(11));

        Assert.That(bench.Board.Simulation.Watchdog!.ResetCount, Is.EqualTo(1));
    }

    [Test]
    public void Boot_count_and_reset_reason_survive_a_reset()
    {
        string directory = Directory.CreateTempSubdirectory("flight-boot-").FullName;
        try
        {
            using (var first = new FlightBench(stateDirectory: directory))
            {
                first.Executive.Start();
            }
            using var second = new FlightBench(stateDirectory: directory);

            second.Executive.Start();

            Assert.That(second.Executive.BootState.BootCount, Is.EqualTo(2));
            Assert.That(second.Executive.BootState.LastResetReason, Is.EqualTo("PowerOn"));
            Assert.That(second.Executive.Modes.Mode, Is.EqualTo(FlightMode.Idle));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Repeated_resets_within_the_window_boot_into_safe()
    {
        string directory = Directory.CreateTempSubdirectory("flight-boot-").FullName;
        var configuration = new FlightConfiguration { Faults = new FaultConfiguration { MaxResets = 3, ResetWindowSeconds = 600 } };
        try
        {
            for (int boot = 0; boot < 2; boot++)
            {
                using var earlier = new FlightBench(configuration, directory);
                earlier.Executive.Start();
                Assert.That(earlier.Executive.Modes.Mode, Is.EqualTo(FlightMode.Idle));
            }
            using var third = new FlightBench(configuration, directory);

            third.Executive.Start();

            Assert.That(third.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
            Assert.That(third.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.BootSafe.Id));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Over_temperature_sends_the_payload_to_safe()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        bench.Executive.Modes.Request(FlightMode.Operate, "test");

        bench.Board.Simulation!.Tmp117("accel-temp").StartOverTemperatureRamp(20);
        bench.Advance(TimeSpan.FromSeconds(5));

        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.OverTemperature.Id));
        Assert.That(bench.Executive.AllowedTileRate, Is.Zero);
    }

    [Test]
    public void Latch_up_sends_the_payload_to_safe()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        bench.Executive.Modes.Request(FlightMode.Operate, "test");

        bench.Board.Simulation!.Rail("accelerator").TriggerLatchUp(2);
        bench.Advance(TimeSpan.FromSeconds(1));

        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.LatchUp.Id));
    }

    [Test]
    public void Repeated_faults_within_the_window_send_the_payload_to_safe()
    {
        using var bench = new FlightBench(new FlightConfiguration { Faults = new FaultConfiguration { MaxFaults = 3, FaultWindowSeconds = 10 } });
        bench.Executive.Start();

        bench.Executive.RecordFault("test", "one");
        bench.Advance(TimeSpan.FromSeconds(11));
        bench.Executive.RecordFault("test", "two");
        bench.Executive.RecordFault("test", "three");
        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Idle), "the first fault expired");

        bench.Executive.RecordFault("test", "four");

        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
    }

    [Test]
    public void A_failing_scene_is_a_failed_model_and_means_safe()
    {
        using var bench = new FlightBench();
        bench.UseScenes();
        bench.Board.Simulation!.Camera(bench.Board.Imagers.Keys.Single()).FailNextCapture("sensor readout timed out");
        bench.Executive.Start();
        bench.Send("SET_MODE", "OPERATE");

        ushort tag = bench.Send("IMAGE_SCENES", "1", "5");
        bench.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That(bench.AcknowledgementsFor(tag).Last().Stage, Is.EqualTo(Payload.Flight.Commanding.AcknowledgementStage.Completed));
        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.SceneFailed.Id));
    }
}
