using System.Threading.Channels;

namespace Payload.Telemetry.Frames;

/// <summary>
/// Multiplexes virtual channels onto one TM master channel (CCSDS 132.0-B-3 §4.2): each frame goes
/// to the highest-priority channel that has a full data field waiting (or any data, for channels
/// that flush partial frames), so urgent products overtake bulk ones at frame boundaries. When
/// nothing is waiting the link gets an idle frame, so it never starves. One frame buffer is reused;
/// nothing is allocated per frame. One consumer (the link) calls the encode methods.
/// </summary>
public sealed class TmFrameMultiplexer
{
    private readonly TmFrameEncoder _encoder;
    private readonly List<VirtualChannel> _byPriority = [];
    private readonly Channel<bool> _dataArrived = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Action _signal;

    /// <summary>Creates a multiplexer for frames of the given configuration.</summary>
    public TmFrameMultiplexer(TmFrameConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Configuration = configuration;
        _encoder = new TmFrameEncoder(configuration);
        _signal = () => _dataArrived.Writer.TryWrite(true);
    }

    /// <summary>Frame layout of this master channel.</summary>
    public TmFrameConfiguration Configuration { get; }

    /// <summary>Channels in the order they are served.</summary>
    public IReadOnlyList<VirtualChannel> VirtualChannels => _byPriority;

    /// <summary>
    /// Adds a virtual channel. <paramref name="capacity"/> bounds its queue in packets;
    /// <paramref name="flushPartialFrames"/> sends a partly filled frame at once (padded with an idle packet).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..7, taken, or the idle VC.</exception>
    public VirtualChannel AddVirtualChannel(int id, int priority, int capacity = 64, bool flushPartialFrames = false, Action<ReadOnlyMemory<byte>>? packetFramed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, TmFrameConfiguration.VirtualChannelCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (id == Configuration.IdleVirtualChannel || _byPriority.Exists(vc => vc.Id == id))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"VC {id} is already in use (idle frames use VC {Configuration.IdleVirtualChannel}).");
        }

        VirtualChannel channel = new(id, priority, capacity, flushPartialFrames, packetFramed, Configuration.DataFieldLength, _signal);
        int at = _byPriority.FindIndex(vc => vc.Priority < priority);
        _byPriority.Insert(at < 0 ? _byPriority.Count : at, channel);
        return channel;
    }

    /// <summary>Sets the operational control field every following frame carries (e.g. the CLCW).</summary>
    public void SetOperationalControlField(uint value) => _encoder.SetOperationalControlField(value);

    /// <summary>
    /// The next frame to transmit, never empty: a data frame when one is ready, otherwise a channel's
    /// partial data padded with idle, otherwise an idle frame. For a link that must send continuously.
    /// The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> NextFrame()
    {
        if (TrySelect(padAnyPartial: true) is { } channel)
        {
            return _encoder.EncodeFrame(channel);
        }

        return _encoder.EncodeIdleFrame();
    }

    /// <summary>An idle frame (only idle data) on the idle VC.</summary>
    public ReadOnlySpan<byte> IdleFrame() => _encoder.EncodeIdleFrame();

    /// <summary>
    /// The next data frame if one is ready: a full data field, a flushing channel's partial data, or
    /// a completed channel's remainder padded with idle. Empty when nothing is ready.
    /// The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> TryEncodeFrame()
    {
        return TrySelect(padAnyPartial: false) is { } channel ? _encoder.EncodeFrame(channel) : default;
    }

    /// <summary>
    /// Waits until <see cref="TryEncodeFrame"/> has a frame to give (true) or every channel is completed
    /// and drained (false).
    /// </summary>
    public async ValueTask<bool> WaitToEncodeAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TrySelect(padAnyPartial: false) is not null)
            {
                return true;
            }

            if (_byPriority.TrueForAll(vc => vc.IsCompleted && vc.PendingBytes == 0))
            {
                return false;
            }

            await _dataArrived.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private VirtualChannel? TrySelect(bool padAnyPartial)
    {
        int dataFieldLength = Configuration.DataFieldLength;
        foreach (VirtualChannel channel in _byPriority)
        {
            long pending = channel.PendingBytes;
            if (pending >= dataFieldLength || (pending > 0 && (channel.FlushPartialFrames || channel.IsCompleted)))
            {
                return channel;
            }
        }

        if (padAnyPartial)
        {
            foreach (VirtualChannel channel in _byPriority)
            {
                if (channel.PendingBytes > 0)
                {
                    return channel;
                }
            }
        }

        return null;
    }
}
