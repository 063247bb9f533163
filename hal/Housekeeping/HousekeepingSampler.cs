using System.Threading.Channels;
using Payload.Hal.Boards;
using Payload.Hal.Buses;

namespace Payload.Hal.Housekeeping;

/// <summary>
/// Reads every sensor of a board at a fixed rate and publishes one record per value to a bounded
/// channel, handing each record to the protection observers as it goes. The list of reads is built
/// once; a pass allocates nothing. A failed read becomes a record with a status, never an exception.
/// </summary>
public sealed class HousekeepingSampler
{
    private readonly SamplePoint[] _points;
    private readonly ChannelWriter<HousekeepingRecord> _output;
    private readonly IHousekeepingObserver[] _observers;
    private readonly TimeProvider _time;

    /// <summary>Samples <paramref name="board"/> every <paramref name="period"/> into <paramref name="output"/>.</summary>
    public HousekeepingSampler(Board board, ChannelWriter<HousekeepingRecord> output, TimeSpan period, IEnumerable<IHousekeepingObserver>? observers = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _observers = observers?.ToArray() ?? [];
        _time = board.Time;
        Period = period;
        var points = new List<SamplePoint>();
        foreach ((string name, var ina) in board.PowerMonitors)
        {
            points.Add(new(name, HousekeepingQuantity.Current, "A", ina.ReadCurrent));
            points.Add(new(name, HousekeepingQuantity.BusVoltage, "V", ina.ReadBusVoltage));
            points.Add(new(name, HousekeepingQuantity.ShuntVoltage, "V", ina.ReadShuntVoltage));
            points.Add(new(name, HousekeepingQuantity.Power, "W", ina.ReadPower));
        }

        foreach ((string name, var tmp) in board.TemperatureSensors)
        {
            points.Add(new(name, HousekeepingQuantity.Temperature, "°C", tmp.ReadTemperature));
        }

        foreach ((string name, var loadSwitch) in board.LoadSwitches)
        {
            points.Add(new(name, HousekeepingQuantity.PowerGood, "1", () => loadSwitch.IsPowerGood ? 1 : 0));
        }

        _points = [.. points];
    }

    /// <summary>Time between passes.</summary>
    public TimeSpan Period { get; }

    /// <summary>Values read per pass.</summary>
    public int PointCount => _points.Length;

    /// <summary>Records the channel refused because it was full (with <see cref="BoundedChannelFullMode.Wait"/>).</summary>
    public long DroppedRecords { get; private set; }

    /// <summary>One pass over every sensor; returns how many reads failed.</summary>
    public int SampleOnce()
    {
        DateTimeOffset now = _time.GetUtcNow();
        int failures = 0;
        foreach (SamplePoint point in _points)
        {
            HousekeepingRecord record = point.Take(now);
            if (record.Status != HousekeepingStatus.Ok)
            {
                failures++;
            }

            foreach (IHousekeepingObserver observer in _observers)
            {
                observer.OnRecord(record);
            }

            if (!_output.TryWrite(record))
            {
                DroppedRecords++;
            }
        }

        return failures;
    }

    /// <summary>Samples every <see cref="Period"/> of the board clock until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                SampleOnce();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of the loop.
        }
    }

    private sealed class SamplePoint(string device, string quantity, string unit, Func<double> read)
    {
        public HousekeepingRecord Take(DateTimeOffset now)
        {
            try
            {
                return new HousekeepingRecord(device, quantity, read(), unit, now, HousekeepingStatus.Ok);
            }
            catch (I2cBusException)
            {
                return new HousekeepingRecord(device, quantity, double.NaN, unit, now, HousekeepingStatus.BusError);
            }
            catch (IOException)
            {
                return new HousekeepingRecord(device, quantity, double.NaN, unit, now, HousekeepingStatus.BusError);
            }
            catch (InvalidDataException)
            {
                return new HousekeepingRecord(device, quantity, double.NaN, unit, now, HousekeepingStatus.DeviceError);
            }
        }
    }
}
