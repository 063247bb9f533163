using System.Threading.Channels;
using Payload.Hal.Boards;

namespace Payload.Hal.Housekeeping;

/// <summary>
/// Single-event latch-up protection for one rail. When the rail's current stays above its limit for
/// N samples, the rail is switched off, left off for the off time, switched on again and an event is
/// raised; after M power cycles without recovery it gives up, leaves the rail off and reports.
/// Driven by the housekeeping sampler's records for the rail's monitor.
/// </summary>
public sealed class LatchUpProtection : IHousekeepingObserver
{
    private readonly BoardRail _rail;
    private readonly LatchUpOptions _options;
    private readonly ChannelWriter<HalEvent> _events;
    private readonly TimeProvider _time;
    private int _above;
    private int _normal;
    private long _offSince;

    /// <summary>Protects <paramref name="rail"/> (it must have a current monitor) and reports to <paramref name="events"/>.</summary>
    public LatchUpProtection(BoardRail rail, LatchUpOptions options, ChannelWriter<HalEvent> events, TimeProvider time)
    {
        _rail = rail ?? throw new ArgumentNullException(nameof(rail));
        if (rail.MonitorDevice is null)
        {
            throw new ArgumentException($"Rail {rail.Name} has no current monitor to protect it with.", nameof(rail));
        }

        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SamplesAboveLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPowerCycles, 0);
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Where the protection stands.</summary>
    public LatchUpState State { get; private set; } = LatchUpState.Watching;

    /// <summary>Power cycles since the rail last ran normally.</summary>
    public int PowerCycles { get; private set; }

    /// <inheritdoc />
    public void OnRecord(in HousekeepingRecord record)
    {
        if (record.Device != _rail.MonitorDevice || record.Quantity != HousekeepingQuantity.Current || record.Status != HousekeepingStatus.Ok)
        {
            return;
        }

        switch (State)
        {
            case LatchUpState.Watching:
                Watch(record.Value);
                break;
            case LatchUpState.PoweredOff when _time.GetElapsedTime(_offSince) >= _options.EffectiveOffTime:
                PowerOn();
                break;
            default:
                break;
        }
    }

    private void Watch(double amps)
    {
        if (amps <= _rail.CurrentLimitAmps)
        {
            _above = 0;
            if (PowerCycles > 0 && ++_normal >= _options.SamplesToClear)
            {
                Raise(HalEventSeverity.Info, "latch-up cleared: current normal after power cycling", ("current_A", amps), ("power_cycles", PowerCycles));
                PowerCycles = 0;
                _normal = 0;
            }

            return;
        }

        _normal = 0;
        if (++_above < _options.SamplesAboveLimit)
        {
            return;
        }

        _above = 0;
        _rail.Switch.SwitchOff();
        if (PowerCycles >= _options.MaxPowerCycles)
        {
            State = LatchUpState.GaveUp;
            Raise(HalEventSeverity.Critical, $"latch-up persists after {PowerCycles} power cycles: rail left off",
                ("current_A", amps), ("limit_A", _rail.CurrentLimitAmps), ("power_cycles", PowerCycles));
            return;
        }

        State = LatchUpState.PoweredOff;
        _offSince = _time.GetTimestamp();
        Raise(HalEventSeverity.Warning, $"latch-up suspected: current above limit for {_options.SamplesAboveLimit} samples, rail switched off",
            ("current_A", amps), ("limit_A", _rail.CurrentLimitAmps), ("power_cycle", PowerCycles + 1));
    }

    private void PowerOn()
    {
        PowerCycles++;
        try
        {
            _rail.Switch.SwitchOn();
        }
        catch (IOException e)
        {
            State = LatchUpState.GaveUp;
            Raise(HalEventSeverity.Critical, $"rail did not come back after power cycle: {e.Message}", ("power_cycles", PowerCycles));
            return;
        }

        State = LatchUpState.Watching;
        Raise(HalEventSeverity.Info, "rail power-cycled after latch-up", ("off_time_s", _options.EffectiveOffTime.TotalSeconds), ("power_cycles", PowerCycles));
    }

    private void Raise(HalEventSeverity severity, string message, params (string Name, double Value)[] values) =>
        _events.TryWrite(new HalEvent(_time.GetUtcNow(), severity, _rail.Name, message, values.ToDictionary(v => v.Name, v => v.Value)));
}
