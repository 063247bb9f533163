using System.Threading.Channels;
using Payload.Hal.Boards;
using Payload.Hal.Housekeeping;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Housekeeping;

/// <summary>The governor against the simulated board's radiative thermal model, on sustained maximum demand.</summary>
public class ThermalGovernorTests
{
    private const double LimitCelsius = 85;
    private const double MaxTilesPerSecond = 20;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private static (double MaxCelsius, double MeanTilesPerSecond, double Sustainable, List<HalEvent> Events) RunSustainedLoad(bool governed, TimeSpan duration, Action<SimulatedBoard, int>? atSecond = null)
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        SimulatedBoard sim = board.Simulation!;
        AcceleratorThermalModel thermal = sim.Thermal!;
        Channel<HalEvent> events = Channel.CreateUnbounded<HalEvent>();
        var governor = new ThermalGovernor("accel-temp", new ThermalGovernorOptions(LimitCelsius, MaxTilesPerSecond), events.Writer, board.Time);
        var records = Channel.CreateBounded<HousekeepingRecord>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        var sampler = new HousekeepingSampler(board, records.Writer, Period, [governor]);

        double maxCelsius = double.MinValue;
        int seconds = (int)duration.TotalSeconds;
        double tilesAtHalf = 0;
        for (int s = 0; s < seconds; s++)
        {
            atSecond?.Invoke(sim, s);
            sampler.SampleOnce();
            // The scheduler always has tiles waiting and runs as many as it is allowed.
            thermal.WorkTilesPerSecond = governed ? governor.AllowedTilesPerSecond : MaxTilesPerSecond;
            sim.Clock.Advance(Period);
            maxCelsius = Math.Max(maxCelsius, thermal.Celsius);
            if (s == seconds / 2)
            {
                tilesAtHalf = thermal.TilesDone;
            }
        }

        double mean = (thermal.TilesDone - tilesAtHalf) / (seconds - seconds / 2 - 1);
        var list = new List<HalEvent>();
        while (events.Reader.TryRead(out HalEvent? e))
        {
            list.Add(e);
        }

        return (maxCelsius, mean, thermal.SustainableTilesPerSecond(LimitCelsius), list);
    }

    [Test]
    public void Unthrottled_sustained_load_would_break_the_limit()
    {
        (double maxCelsius, _, _, _) = RunSustainedLoad(governed: false, TimeSpan.FromHours(4));
        Assert.That(maxCelsius, Is.GreaterThan(LimitCelsius + 10));
    }

    [Test]
    public void Governor_keeps_the_temperature_under_the_limit_at_near_the_sustainable_throughput()
    {
        (double maxCelsius, double mean, double sustainable, List<HalEvent> events) = RunSustainedLoad(governed: true, TimeSpan.FromHours(4));
        Assert.That(maxCelsius, Is.LessThan(LimitCelsius));
        Assert.That(mean, Is.GreaterThan(0.9 * sustainable), $"mean {mean:F2} tiles/s against {sustainable:F2} sustainable at the limit");
        Assert.That(mean, Is.LessThanOrEqualTo(sustainable));
        Assert.That(events.Select(e => e.Message), Does.Contain("thermal throttling started"));
        Assert.That(events.Any(e => e.Severity == HalEventSeverity.Critical), Is.False);
    }

    [Test]
    public void Over_temperature_ramp_stops_work_and_raises_a_critical_event_then_recovers()
    {
        (_, _, _, List<HalEvent> events) = RunSustainedLoad(governed: true, TimeSpan.FromMinutes(10), (sim, second) =>
        {
            if (second == 10)
            {
                sim.Tmp117("accel-temp").StartOverTemperatureRamp(5);
            }

            if (second == 60)
            {
                sim.Tmp117("accel-temp").StopOverTemperatureRamp();
            }
        });

        HalEvent critical = events.Single(e => e.Severity == HalEventSeverity.Critical);
        Assert.That(critical.Message, Does.Contain("over temperature"));
        Assert.That(critical.Values["allowed_tiles_per_s"], Is.Zero);
        Assert.That(critical.Values["temperature_C"], Is.GreaterThanOrEqualTo(LimitCelsius));
        Assert.That(events[^1].Message, Is.EqualTo("thermal throttling ended"));
    }

    [Test]
    public void Lost_temperature_sensor_is_treated_as_too_hot()
    {
        (_, _, _, List<HalEvent> events) = RunSustainedLoad(governed: true, TimeSpan.FromSeconds(30), (sim, second) =>
        {
            if (second == 5)
            {
                sim.I2cBus("i2c1").InjectFault(0x48, SimulatedI2cFault.Nack);
            }
        });

        Assert.That(events.Single(e => e.Severity == HalEventSeverity.Critical).Message, Does.Contain("temperature unknown"));
    }
}
