using System.IO.Pipelines;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Sync;

namespace Payload.Telemetry.Links;

/// <summary>
/// The ground-side downlink chain: CADU byte stream → frame synchroniser → de-randomise and
/// Reed-Solomon decode (uncorrectable codeblocks are reported and dropped, never passed on) →
/// TM frame checks and VC demultiplexing → packets → per-APID sequence checks and product
/// reassembly. Statistics and events say what was corrected, lost or malformed.
/// </summary>
public sealed class DownlinkReceiver
{
    private readonly CaduCodec _codec;
    private readonly FrameSynchronizer _synchronizer;
    private readonly TmFrameReceiver _frames;
    private readonly PacketReassembler _reassembler;
    private readonly PacketHandler _onPacket;
    private readonly Action<ReassembledProduct>? _onProduct;
    private readonly Action<LinkEvent> _report;
    private readonly int[] _correctedPerCodeword;

    /// <summary>Creates the chain.</summary>
    /// <param name="format">CADU layout (frame length, interleave depth, randomisation).</param>
    /// <param name="frames">TM frame layout; its frame length must equal the CADU format's.</param>
    /// <param name="onPacket">Gets every whole non-idle packet.</param>
    /// <param name="report">Gets every problem found.</param>
    /// <param name="onProduct">Gets every product reassembled from its packets (optional).</param>
    /// <param name="synchronizer">Synchroniser tolerances; defaults when null.</param>
    /// <param name="secondaryHeaderLength">Octets of packet secondary header to strip from products.</param>
    public DownlinkReceiver(
        CaduFormat format,
        TmFrameConfiguration frames,
        PacketHandler onPacket,
        Action<LinkEvent> report,
        Action<ReassembledProduct>? onProduct = null,
        FrameSynchronizerOptions? synchronizer = null,
        int secondaryHeaderLength = 0)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(onPacket);
        ArgumentNullException.ThrowIfNull(report);
        if (frames.FrameLength != format.FrameLength)
        {
            throw new ArgumentException($"TM frames are {frames.FrameLength} octets but the CADU format carries {format.FrameLength}.", nameof(frames));
        }

        _codec = new CaduCodec(format);
        _correctedPerCodeword = new int[format.InterleaveDepth];
        _onPacket = onPacket;
        _onProduct = onProduct;
        _report = report;
        _reassembler = new PacketReassembler(report, secondaryHeaderLength);
        _frames = new TmFrameReceiver(frames, OnPacket, OnFrameEvent);
        FrameSynchronizerOptions options = (synchronizer ?? new FrameSynchronizerOptions { CodeblockLength = format.CodeblockLength }) with { CodeblockLength = format.CodeblockLength };
        _synchronizer = new FrameSynchronizer(options, OnCodeblock);
    }

    /// <summary>Counters of this session.</summary>
    public LinkStatistics Statistics => _frames.Statistics;

    /// <summary>The operational control field (the CLCW) of the last accepted TM frame; null before the first.</summary>
    public uint? LastOperationalControlField => _frames.LastOperationalControlField;

    /// <summary>Feeds the next bytes of the stream.</summary>
    public void Push(ReadOnlySpan<byte> bytes) => _synchronizer.Push(bytes);

    /// <summary>End of stream: flushes the synchroniser and reports everything left incomplete.</summary>
    public void Complete()
    {
        _synchronizer.Complete();
        long truncated = _synchronizer.Statistics.TruncatedCodeblocks;
        if (truncated > 0)
        {
            Statistics.TruncatedCadus = truncated;
            _report(new LinkEvent(LinkEventKind.TruncatedCadu, $"{truncated} CADU(s) cut short: a marker was found without the {_codec.Format.CodeblockLength}-octet codeblock after it"));
        }

        _frames.Complete();
        _reassembler.Complete();
        CopyPacketCounters();
    }

    /// <summary>Reads the whole stream from <paramref name="reader"/> and completes.</summary>
    public async Task ReadFromAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                Push(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                Complete();
                return;
            }
        }
    }

    private void OnCodeblock(Span<byte> codeblock, CaduSyncInfo info)
    {
        Statistics.Cadus++;
        CodeblockDecodeResult result = _codec.Decode(codeblock, _correctedPerCodeword);
        Statistics.CorrectedSymbols += result.CorrectedSymbols;
        if (!result.IsCorrectable)
        {
            Statistics.UncorrectableCodewords += result.UncorrectableCodewords;
            _report(new LinkEvent(LinkEventKind.UncorrectableCodeword, $"CADU at stream bit {info.StreamBitOffset}: {result.UncorrectableCodewords} of {_codec.Format.InterleaveDepth} Reed-Solomon codeword(s) uncorrectable; frame dropped"));
            return;
        }

        _frames.Receive(codeblock[.._codec.Format.FrameLength]);
    }

    private void OnPacket(int virtualChannelId, ReadOnlySpan<byte> packet)
    {
        _onPacket(virtualChannelId, packet);
        if (_reassembler.Accept(packet) is { } product)
        {
            _onProduct?.Invoke(product);
        }

        CopyPacketCounters();
    }

    private void CopyPacketCounters()
    {
        Statistics.PacketSequenceGaps = _reassembler.SequenceGaps;
        Statistics.PacketsLost = _reassembler.MissingPackets;
        Statistics.PacketSequenceRestarts = _reassembler.SequenceRestarts;
    }

    private void OnFrameEvent(LinkEvent linkEvent)
    {
        if (linkEvent.Kind == LinkEventKind.SenderRestart)
        {
            _reassembler.SenderRestarted();
        }

        _report(linkEvent);
    }
}
