using System.Threading.Channels;

namespace Payload.Hal.Housekeeping;

/// <summary>
/// Keeps the accelerator below its temperature limit by telling the inference scheduler how many tiles per
/// second it may run. In vacuum there is no airflow: heat leaves only by radiation, so the only lever is the
/// work rate. The allowed rate is the maximum below the throttle band and falls linearly to zero across it
/// (a proportional controller on temperature); it recovers the same way as the accelerator cools. A failed
/// temperature read is treated as too hot until a good reading arrives.
/// </summary>
public sealed class ThermalGovernor : IHousekeepingObserver
{
    private readonly string _sensorDevice;
    private readonly ThermalGovernorOptions _options;
    private readonly ChannelWriter<HalEvent> _events;
    private readonly TimeProvider _time;
    private bool _throttling;
    private bool _overLimit;

    /// <summary>Governs on the temperature records of <paramref name="sensorDevice"/>.</summary>
    public ThermalGovernor(string sensorDevice, ThermalGovernorOptions options, ChannelWriter<HalEvent> events, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(sensorDevice);
        _sensorDevice = sensorDevice;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxTilesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ThrottleBandCelsius);
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        AllowedTilesPerSecond = options.MaxTilesPerSecond;
    }

    /// <summary>What the scheduler may run now, tiles per second.</summary>
    public double AllowedTilesPerSecond { get; private set; }

    /// <summary>The last good temperature, °C.</summary>
    public double LastCelsius { get; private set; } = double.NaN;

    /// <inheritdoc />
    public void OnRecord(in HousekeepingRecord record)
    {
        if (record.Device != _sensorDevice || record.Quantity != HousekeepingQuantity.Temperature)
        {
            return;
        }

        if (record.Status != HousekeepingStatus.Ok)
        {
            Apply(0, double.NaN);
            return;
        }

        LastCelsius = record.Value;
        double headroom = (_options.LimitCelsius - record.Value) / _options.ThrottleBandCelsius;
        Apply(_options.MaxTilesPerSecond * Math.Clamp(headroom, 0, 1), record.Value);
    }

    private void Apply(double allowed, double celsius)
    {
        AllowedTilesPerSecond = allowed;
        bool throttling = allowed < _options.MaxTilesPerSecond;
        bool overLimit = !(celsius < _options.LimitCelsius);
        if (overLimit && !_overLimit)
        {
            Raise(HalEventSeverity.Critical, double.IsNaN(celsius) ? "temperature unknown: work stopped" : "over temperature: work stopped", celsius, allowed);
        }
        else if (throttling && !_throttling)
        {
            Raise(HalEventSeverity.Info, "thermal throttling started", celsius, allowed);
        }
        else if (!throttling && _throttling)
        {
            Raise(HalEventSeverity.Info, "thermal throttling ended", celsius, allowed);
        }

        _throttling = throttling;
        _overLimit = overLimit;
    }

    private void Raise(HalEventSeverity severity, string message, double celsius, double allowed) =>
        _events.TryWrite(new HalEvent(_time.GetUtcNow(), severity, _sensorDevice, message, new Dictionary<string, double>
        {
            ["temperature_C"] = celsius,
            ["limit_C"] = _options.LimitCelsius,
            ["allowed_tiles_per_s"] = allowed,
        }));
}
