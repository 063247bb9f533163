namespace Payload.Hal.Simulation;

/// <summary>
/// The simulated board's clock. Time moves only when <see cref="Advance"/> is called, so tests are
/// deterministic: models (thermal, watchdog, ramps) step with it and timers created through it fire
/// in order of their due time.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly List<Action<TimeSpan>> _models = [];
    private readonly List<SimulatedTimer> _timers = [];
    private readonly object _gate = new();
    private DateTimeOffset _now;
    private long _elapsedTicks;

    /// <summary>Starts at <paramref name="start"/> (default 2030-01-01T00:00:00Z, an arbitrary mission epoch).</summary>
    public SimulatedClock(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Time since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    /// <summary>Moves time forward, stepping models and firing due timers on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long end = Interlocked.Read(ref _elapsedTicks) + by.Ticks;
        while (true)
        {
            SimulatedTimer? next;
            long stepTo;
            lock (_gate)
            {
                next = null;
                foreach (SimulatedTimer timer in _timers)
                {
                    if (timer.DueTicks <= end && (next is null || timer.DueTicks < next.DueTicks))
                    {
                        next = timer;
                    }
                }

                stepTo = next?.DueTicks ?? end;
            }

            StepTo(stepTo);
            if (next is null)
            {
                return;
            }

            next.Fire();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Registers a model stepped with each advance (receives the step length).</summary>
    internal void Attach(Action<TimeSpan> model)
    {
        lock (_gate)
        {
            _models.Add(model);
        }
    }

    private void StepTo(long ticks)
    {
        long now = Interlocked.Read(ref _elapsedTicks);
        if (ticks <= now)
        {
            return;
        }

        var step = TimeSpan.FromTicks(ticks - now);
        Action<TimeSpan>[] models;
        lock (_gate)
        {
            _now += step;
            Interlocked.Exchange(ref _elapsedTicks, ticks);
            models = [.. _models];
        }

        foreach (Action<TimeSpan> model in models)
        {
            model(step);
        }
    }

    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;

        public long DueTicks { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueTicks = Interlocked.Read(ref clock._elapsedTicks) + dueTime.Ticks;
                _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Fire()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (_periodTicks > 0)
                {
                    DueTicks += _periodTicks;
                    clock._timers.Add(this);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
