namespace Payload.Hal.Buses;

/// <summary>A hardware watchdog: resets the board when not kicked within <see cref="Timeout"/>.</summary>
public interface IWatchdog : IDisposable
{
    /// <summary>Name in messages: /dev/watchdog on Linux.</summary>
    string Name { get; }

    /// <summary>Time without a kick after which the board resets (whole seconds on Linux).</summary>
    TimeSpan Timeout { get; set; }

    /// <summary>Why the board last reset, read once when the watchdog was opened.</summary>
    WatchdogResetReason LastResetReason { get; }

    /// <summary>Restarts the countdown.</summary>
    void Kick();
}
