using Payload.Hal.Buses;

namespace Payload.Hal.Simulation;

/// <summary>
/// A watchdog on the simulated clock: when nobody kicks it within <see cref="Timeout"/> it resets the
/// board (<see cref="BoardReset"/>), counts the reset and reports <see cref="WatchdogResetReason.WatchdogTimeout"/>
/// as the reason of the last reset, as the kernel's boot status would after a real reset.
/// </summary>
public sealed class SimulatedWatchdog : IWatchdog
{
    private TimeSpan _sinceKick;
    private bool _disarmed;

    /// <summary>Arms a watchdog with <paramref name="timeout"/> on <paramref name="clock"/>.</summary>
    public SimulatedWatchdog(SimulatedClock clock, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Timeout = timeout;
        clock.Attach(Step);
    }

    /// <inheritdoc />
    public string Name => "sim-watchdog";

    /// <inheritdoc />
    public TimeSpan Timeout { get; set; }

    /// <inheritdoc />
    public WatchdogResetReason LastResetReason { get; private set; } = WatchdogResetReason.PowerOn;

    /// <summary>Board resets caused by this watchdog.</summary>
    public int ResetCount { get; private set; }

    /// <summary>Kicks received.</summary>
    public long KickCount { get; private set; }

    /// <summary>Raised when the watchdog resets the board.</summary>
    public event Action? BoardReset;

    /// <inheritdoc />
    public void Kick()
    {
        ObjectDisposedException.ThrowIf(_disarmed, this);
        _sinceKick = TimeSpan.Zero;
        KickCount++;
    }

    /// <summary>Magic close: disarms.</summary>
    public void Dispose() => _disarmed = true;

    private void Step(TimeSpan dt)
    {
        if (_disarmed)
        {
            return;
        }

        _sinceKick += dt;
        if (_sinceKick >= Timeout)
        {
            _sinceKick = TimeSpan.Zero;
            ResetCount++;
            LastResetReason = WatchdogResetReason.WatchdogTimeout;
            BoardReset?.Invoke();
        }
    }
}
