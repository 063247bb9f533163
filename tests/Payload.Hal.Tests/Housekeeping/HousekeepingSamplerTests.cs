using System.Threading.Channels;
using Payload.Hal.Boards;
using Payload.Hal.Housekeeping;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Housekeeping;

public class HousekeepingSamplerTests
{
    private static Channel<HousekeepingRecord> Records(int capacity = 64) =>
        Channel.CreateBounded<HousekeepingRecord>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });

    private static List<HousekeepingRecord> Drain(Channel<HousekeepingRecord> channel)
    {
        var records = new List<HousekeepingRecord>();
        while (channel.Reader.TryRead(out HousekeepingRecord record))
        {
            records.Add(record);
        }

        return records;
    }

    [Test]
    public void One_pass_publishes_every_sensor_value_with_unit_time_and_status()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        Channel<HousekeepingRecord> channel = Records();
        var sampler = new HousekeepingSampler(board, channel.Writer, TimeSpan.FromMilliseconds(100));

        Assert.That(sampler.SampleOnce(), Is.Zero);
        List<HousekeepingRecord> records = Drain(channel);
        Assert.That(records.Select(r => (r.Device, r.Quantity, r.Unit)), Is.EqualTo(new[]
        {
            ("accel-power", "current", "A"), ("accel-power", "bus-voltage", "V"), ("accel-power", "shunt-voltage", "V"), ("accel-power", "power", "W"),
            ("accel-temp", "temperature", "°C"), ("accel-switch", "power-good", "1"),
        }));
        Assert.That(records.All(r => r.Status == HousekeepingStatus.Ok && r.Time == board.Time.GetUtcNow()), Is.True);
        Assert.That(records[0].Value, Is.EqualTo(1.2).Within(1e-4));
        Assert.That(records[5].Value, Is.EqualTo(1));
    }

    [Test]
    public void A_failing_device_gives_status_records_and_the_rest_are_still_read()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        board.Simulation!.I2cBus("i2c1").InjectFault(0x48, SimulatedI2cFault.Timeout);
        Channel<HousekeepingRecord> channel = Records();
        var sampler = new HousekeepingSampler(board, channel.Writer, TimeSpan.FromMilliseconds(100));

        Assert.That(sampler.SampleOnce(), Is.EqualTo(1));
        HousekeepingRecord temperature = Drain(channel).Single(r => r.Quantity == HousekeepingQuantity.Temperature);
        Assert.That(temperature.Status, Is.EqualTo(HousekeepingStatus.BusError));
        Assert.That(temperature.Value, Is.NaN);
    }

    [Test]
    public void A_full_channel_counts_dropped_records_instead_of_blocking()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        Channel<HousekeepingRecord> channel = Records(capacity: 4);
        var sampler = new HousekeepingSampler(board, channel.Writer, TimeSpan.FromMilliseconds(100));
        sampler.SampleOnce();
        Assert.That(sampler.DroppedRecords, Is.EqualTo(sampler.PointCount - 4));
    }

    [Test]
    public async Task Run_loop_samples_once_per_period_of_the_board_clock()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        Channel<HousekeepingRecord> channel = Records(capacity: 1000);
        using var passes = new PassCounter();
        var sampler = new HousekeepingSampler(board, channel.Writer, TimeSpan.FromMilliseconds(100), [passes]);
        using var stop = new CancellationTokenSource();
        Task loop = sampler.RunAsync(stop.Token);

        board.Simulation!.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.That(channel.Reader.Count, Is.Zero, "no pass before the first period has elapsed");
        for (int i = 1; i <= 10; i++)
        {
            board.Simulation.Clock.Advance(i == 1 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(100));
            Assert.That(await passes.Completed.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, $"pass {i} did not run");
        }

        await stop.CancelAsync();
        await loop;
        Assert.That(channel.Reader.Count, Is.EqualTo(10 * sampler.PointCount));
    }

    /// <summary>Signals once per sampling pass (the power-good record is the last of a pass).</summary>
    private sealed class PassCounter : IHousekeepingObserver, IDisposable
    {
        public SemaphoreSlim Completed { get; } = new(0);

        public void OnRecord(in HousekeepingRecord record)
        {
            if (record.Quantity == HousekeepingQuantity.PowerGood)
            {
                Completed.Release();
            }
        }

        public void Dispose() => Completed.Dispose();
    }
}
