namespace Payload.Inference.Hardening;

/// <summary>When to write a checkpoint: after every <c>everyTiles</c> tiles or <c>interval</c> of time, whichever comes first.</summary>
public sealed class CheckpointSchedule
{
    private readonly int _everyTiles;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private long _lastWrite;
    private int _tilesSince;

    public CheckpointSchedule(int everyTiles = 16, TimeSpan? interval = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyTiles, 1);
        _everyTiles = everyTiles;
        _interval = interval ?? TimeSpan.FromSeconds(30);
        if (_interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), _interval, "The checkpoint interval must be positive.");
        }

        _time = time ?? TimeProvider.System;
        _lastWrite = _time.GetTimestamp();
    }

    /// <summary>Counts one finished tile and says whether a checkpoint is now due (then call <see cref="Written"/>).</summary>
    public bool TileDone()
    {
        _tilesSince++;
        return _tilesSince >= _everyTiles || _time.GetElapsedTime(_lastWrite) >= _interval;
    }

    /// <summary>Restarts both counts after a checkpoint was written.</summary>
    public void Written()
    {
        _tilesSince = 0;
        _lastWrite = _time.GetTimestamp();
    }
}
