using Payload.Hal.Buses;

namespace Payload.Hal.Devices.Watchdog;

/// <summary>
/// Kicks the hardware watchdog only while the software says it is healthy. The software must call
/// <see cref="ReportHealthy"/> at least every <see cref="HealthDeadline"/>; a stale or unhealthy report
/// stops the kicks, so a hung or sick process gets the board reset instead of hiding behind a timer.
/// </summary>
public sealed class WatchdogService
{
    private readonly IWatchdog _watchdog;
    private readonly TimeProvider _time;
    private long _lastHealthy = long.MinValue;
    private string _lastProblem = "no health report yet";

    /// <summary>Serves <paramref name="watchdog"/>; health reports older than <paramref name="healthDeadline"/> count as unhealthy.</summary>
    public WatchdogService(IWatchdog watchdog, TimeProvider time, TimeSpan healthDeadline)
    {
        _watchdog = watchdog ?? throw new ArgumentNullException(nameof(watchdog));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(healthDeadline, TimeSpan.Zero);
        HealthDeadline = healthDeadline;
    }

    /// <summary>How long a health report stays valid.</summary>
    public TimeSpan HealthDeadline { get; }

    /// <summary>Kicks sent.</summary>
    public long Kicks { get; private set; }

    /// <summary>Service calls that withheld the kick.</summary>
    public long WithheldKicks { get; private set; }

    /// <summary>Why the last kick was withheld.</summary>
    public string LastProblem => _lastProblem;

    /// <summary>The software is healthy now.</summary>
    public void ReportHealthy() => _lastHealthy = _time.GetTimestamp();

    /// <summary>The software is not healthy: kicks stop until the next <see cref="ReportHealthy"/>.</summary>
    public void ReportUnhealthy(string reason)
    {
        _lastHealthy = long.MinValue;
        _lastProblem = reason;
    }

    /// <summary>Called from the executive's rate group: kicks when the latest health report is fresh. Returns whether it kicked.</summary>
    public bool Service()
    {
        bool fresh = _lastHealthy != long.MinValue && _time.GetElapsedTime(_lastHealthy) <= HealthDeadline;
        if (!fresh)
        {
            if (_lastHealthy != long.MinValue)
            {
                _lastProblem = $"health report older than {HealthDeadline.TotalSeconds:F1} s";
            }

            WithheldKicks++;
            return false;
        }

        _watchdog.Kick();
        Kicks++;
        return true;
    }
}
