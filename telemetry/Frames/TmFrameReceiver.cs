using System.Buffers.Binary;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Frames;

/// <summary>
/// Ground side of the TM Space Data Link Protocol: checks each frame (length, FECF, header fields
/// against the configuration), watches master-channel and per-VC frame counts for gaps,
/// demultiplexes virtual channels and extracts whole packets across frames. Every problem is
/// reported as a <see cref="LinkEvent"/> naming field and value; the receiver carries on with the
/// next frame.
/// </summary>
public sealed class TmFrameReceiver
{
    private readonly TmFrameConfiguration _configuration;
    private readonly Action<LinkEvent> _report;
    private readonly PacketExtractor[] _extractors = new PacketExtractor[TmFrameConfiguration.VirtualChannelCount];
    private readonly int[] _lastVirtualChannelCount = new int[TmFrameConfiguration.VirtualChannelCount];
    private readonly PacketHandler _onPacket;
    private int _lastMasterChannelCount = -1;

    /// <summary>Creates a receiver.</summary>
    /// <param name="configuration">The frame layout expected on this physical channel.</param>
    /// <param name="onPacket">Gets every whole non-idle packet.</param>
    /// <param name="report">Gets every problem found.</param>
    /// <param name="statistics">Counters to update; a new object when null.</param>
    /// <param name="maxPacketLength">Longest packet accepted; longer length fields are treated as corrupt.</param>
    public TmFrameReceiver(TmFrameConfiguration configuration, PacketHandler onPacket, Action<LinkEvent> report, LinkStatistics? statistics = null, int maxPacketLength = SpacePacketLayout.MaxPacketLength)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(onPacket);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketLength, SpacePacketLayout.PrimaryHeaderLength + SpacePacketLayout.MinDataFieldLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPacketLength, SpacePacketLayout.MaxPacketLength);
        _configuration = configuration;
        _report = report;
        _onPacket = onPacket;
        Statistics = statistics ?? new LinkStatistics();
        Array.Fill(_lastVirtualChannelCount, -1);
        for (int vc = 0; vc < _extractors.Length; vc++)
        {
            _extractors[vc] = new PacketExtractor(vc, maxPacketLength, DeliverPacket, report, Statistics);
        }
    }

    /// <summary>Counters of this session.</summary>
    public LinkStatistics Statistics { get; }

    /// <summary>
    /// The most recent operational control field (e.g. the CLCW), or null when none has arrived.
    /// </summary>
    public uint? LastOperationalControlField { get; private set; }

    /// <summary>Takes one transfer frame (as it came out of the channel decoder).</summary>
    public void Receive(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != _configuration.FrameLength)
        {
            Statistics.InvalidFrames++;
            _report(new LinkEvent(LinkEventKind.InvalidFrameHeader, $"frame length is {frame.Length} octets, expected {_configuration.FrameLength}"));
            return;
        }

        if (_configuration.HasFrameErrorControl)
        {
            int crcAt = frame.Length - TmFrameLayout.FrameErrorControlLength;
            ushort sent = BinaryPrimitives.ReadUInt16BigEndian(frame[crcAt..]);
            ushort computed = Crc16Ccitt.Compute(frame[..crcAt]);
            if (sent != computed)
            {
                Statistics.FrameCrcFailures++;
                _report(new LinkEvent(LinkEventKind.FrameCrcFailure, $"FECF is 0x{sent:X4}, computed 0x{computed:X4}; frame dropped"));
                return;
            }
        }

        TmFrameHeader header = TmFrameHeader.Read(frame);
        if (!header.TryValidate(_configuration, out string? error))
        {
            Statistics.InvalidFrames++;
            _report(new LinkEvent(LinkEventKind.InvalidFrameHeader, $"{error}; frame dropped"));
            return;
        }

        CheckMasterChannelCount(header.MasterChannelFrameCount);
        int vc = header.VirtualChannelId;
        bool lost = CheckVirtualChannelCount(vc, header.VirtualChannelFrameCount);
        Statistics.FramesAccepted++;
        Statistics.CountFrame(vc);
        if (_configuration.HasOperationalControlField)
        {
            LastOperationalControlField = BinaryPrimitives.ReadUInt32BigEndian(frame[_configuration.OperationalControlFieldOffset..]);
        }

        if (lost)
        {
            _extractors[vc].FramesLost();
        }

        if (header.FirstHeaderPointer == TmFrameLayout.FirstHeaderPointerIdleData)
        {
            Statistics.IdleFrames++;
            return;
        }

        _extractors[vc].Accept(frame.Slice(TmFrameLayout.PrimaryHeaderLength, _configuration.DataFieldLength), header.FirstHeaderPointer);
    }

    /// <summary>End of stream: reports packets that were still incomplete.</summary>
    public void Complete()
    {
        foreach (PacketExtractor extractor in _extractors)
        {
            extractor.Complete();
        }
    }

    private void CheckMasterChannelCount(int count)
    {
        if (_lastMasterChannelCount >= 0)
        {
            int expected = (_lastMasterChannelCount + 1) % TmFrameLayout.FrameCountModulus;
            if (count == 0 && expected != 0)
            {
                // The sender's counters start at 0 when it starts: a restart, not frames lost.
                Statistics.SenderRestarts++;
                _report(new LinkEvent(LinkEventKind.SenderRestart, $"master channel frame count restarted at 0 (expected {expected}): the sender restarted"));
            }
            else if (count != expected)
            {
                int missing = (count - expected + TmFrameLayout.FrameCountModulus) % TmFrameLayout.FrameCountModulus;
                Statistics.MasterChannelGaps++;
                Statistics.MasterChannelFramesLost += missing;
                _report(new LinkEvent(LinkEventKind.MasterChannelGap, $"master channel frame count is {count}, expected {expected}: {missing} frame(s) lost"));
            }
        }

        _lastMasterChannelCount = count;
    }

    private bool CheckVirtualChannelCount(int vc, int count)
    {
        int last = _lastVirtualChannelCount[vc];
        _lastVirtualChannelCount[vc] = count;
        if (last < 0)
        {
            return false;
        }

        int expected = (last + 1) % TmFrameLayout.FrameCountModulus;
        if (count == expected)
        {
            return false;
        }

        if (count == 0)
        {
            // Restarted sender (counted once, on the master channel): the partial packet is still discarded.
            return true;
        }

        int missing = (count - expected + TmFrameLayout.FrameCountModulus) % TmFrameLayout.FrameCountModulus;
        Statistics.VirtualChannelGaps++;
        Statistics.VirtualChannelFramesLost += missing;
        _report(new LinkEvent(LinkEventKind.VirtualChannelGap, $"VC {vc} frame count is {count}, expected {expected}: {missing} frame(s) lost"));
        return true;
    }

    private void DeliverPacket(int vc, ReadOnlySpan<byte> packet)
    {
        if (SpacePacketHeader.TryParse(packet, out SpacePacketHeader header, out _) && header.IsIdle)
        {
            Statistics.IdlePackets++;
            return;
        }

        Statistics.Packets++;
        _onPacket(vc, packet);
    }
}
