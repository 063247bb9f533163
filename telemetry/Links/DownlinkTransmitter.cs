using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Links;

/// <summary>
/// The flight-side downlink chain: packets queued on the virtual channels of a
/// <see cref="TmFrameMultiplexer"/> become TM frames, each frame becomes a CADU (ASM plus
/// randomised, interleaved Reed-Solomon codeblock), and CADUs go to an <see cref="ICaduSink"/>.
/// One CADU buffer is reused; nothing is allocated per frame.
/// </summary>
public sealed class DownlinkTransmitter
{
    private readonly TmFrameMultiplexer _multiplexer;
    private readonly CaduCodec _codec;
    private readonly byte[] _cadu;

    /// <summary>Joins a multiplexer and a CADU codec of the same frame length.</summary>
    /// <exception cref="ArgumentException">The frame lengths differ.</exception>
    public DownlinkTransmitter(TmFrameMultiplexer multiplexer, CaduFormat format)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        ArgumentNullException.ThrowIfNull(format);
        if (multiplexer.Configuration.FrameLength != format.FrameLength)
        {
            throw new ArgumentException($"TM frames are {multiplexer.Configuration.FrameLength} octets but the CADU format carries {format.FrameLength}.", nameof(format));
        }

        _multiplexer = multiplexer;
        _codec = new CaduCodec(format);
        _cadu = new byte[format.CaduLength];
    }

    /// <summary>Octets per CADU.</summary>
    public int CaduLength => _cadu.Length;

    /// <summary>CADUs produced so far.</summary>
    public long CadusSent { get; private set; }

    /// <summary>The CADU of the next ready data frame, or empty when none is ready. Valid until the next call.</summary>
    public ReadOnlySpan<byte> TryEncodeCadu()
    {
        ReadOnlySpan<byte> frame = _multiplexer.TryEncodeFrame();
        return frame.IsEmpty ? default : Encode(frame);
    }

    /// <summary>The next CADU for a link that must never starve: data when ready, otherwise idle. Valid until the next call.</summary>
    public ReadOnlySpan<byte> NextCadu() => Encode(_multiplexer.NextFrame());

    /// <summary>
    /// Sends data CADUs to <paramref name="sink"/> as frames become ready, until every virtual channel
    /// is completed and drained; then flushes the sink. The sink's pace is the back-pressure.
    /// </summary>
    public async Task RunAsync(ICaduSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        while (await _multiplexer.WaitToEncodeAsync(cancellationToken).ConfigureAwait(false))
        {
            while (!TryEncodeCadu().IsEmpty)
            {
                await sink.WriteAsync(_cadu, cancellationToken).ConfigureAwait(false);
            }
        }

        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> frame)
    {
        _codec.Encode(frame, _cadu);
        CadusSent++;
        return _cadu;
    }
}
