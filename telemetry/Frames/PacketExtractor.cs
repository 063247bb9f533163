using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Frames;

/// <summary>
/// Cuts the packet stream of one virtual channel back into whole packets across frame boundaries
/// (CCSDS 132.0-B-3 §4.1.4.2). After a lost frame or an inconsistency it drops the partial packet and
/// resynchronises on the next frame's first header pointer.
/// </summary>
internal sealed class PacketExtractor
{
    private readonly int _virtualChannelId;
    private readonly int _maxPacketLength;
    private readonly PacketHandler _deliver;
    private readonly Action<LinkEvent> _report;
    private readonly LinkStatistics _statistics;
    private byte[]? _partial;
    private int _have;
    private int _need;
    private bool _synchronised;

    public PacketExtractor(int virtualChannelId, int maxPacketLength, PacketHandler deliver, Action<LinkEvent> report, LinkStatistics statistics)
    {
        _virtualChannelId = virtualChannelId;
        _maxPacketLength = maxPacketLength;
        _deliver = deliver;
        _report = report;
        _statistics = statistics;
    }

    /// <summary>Frames of this channel were lost: whatever is half-built is gone, wait for the next packet start.</summary>
    public void FramesLost()
    {
        Discard("frames of the virtual channel were lost");
        _synchronised = false;
    }

    /// <summary>End of stream: a half-built packet can never complete.</summary>
    public void Complete() => Discard("the stream ended before the packet was complete");

    public void Accept(ReadOnlySpan<byte> dataField, int firstHeaderPointer)
    {
        bool noStart = firstHeaderPointer == TmFrameLayout.FirstHeaderPointerNoPacketStart;
        int limit = noStart ? dataField.Length : firstHeaderPointer;
        if (!_synchronised)
        {
            if (noStart)
            {
                return;
            }

            _synchronised = true;
            Extract(dataField[firstHeaderPointer..]);
            return;
        }

        if (_have == 0)
        {
            if (firstHeaderPointer != 0)
            {
                _report(new LinkEvent(LinkEventKind.PacketDiscarded, $"VC {_virtualChannelId}: first header pointer is {Describe(firstHeaderPointer)} but a packet should start at offset 0; skipping to the next packet start"));
                _statistics.PacketsDiscarded++;
            }

            ExtractFrom(dataField, firstHeaderPointer);
            return;
        }

        int used = Continue(dataField[..limit]);
        if (used < 0)
        {
            if (_have > 0 && !noStart)
            {
                Discard($"its length field ({_need} octets) points past the next packet start at first header pointer {firstHeaderPointer}");
            }

            // Incomplete is fine only when no new packet starts in this frame.
            ExtractFrom(dataField, firstHeaderPointer);
            return;
        }

        if (used != limit)
        {
            _report(new LinkEvent(LinkEventKind.PacketDiscarded, $"VC {_virtualChannelId}: a packet ended at data field offset {used} but the first header pointer is {Describe(firstHeaderPointer)}; skipping to the next packet start"));
            _statistics.PacketsDiscarded++;
        }

        ExtractFrom(dataField, firstHeaderPointer);
    }

    private static string Describe(int firstHeaderPointer) =>
        firstHeaderPointer == TmFrameLayout.FirstHeaderPointerNoPacketStart ? "0x7FF (no packet start)" : firstHeaderPointer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Resumes at the first header pointer, or waits for one when no packet starts in this frame.</summary>
    private void ExtractFrom(ReadOnlySpan<byte> dataField, int firstHeaderPointer)
    {
        if (firstHeaderPointer == TmFrameLayout.FirstHeaderPointerNoPacketStart)
        {
            // Only reached when the frame is consistent with an unfinished packet; otherwise lose sync.
            if (_have == 0)
            {
                _synchronised = false;
            }

            return;
        }

        _synchronised = true;
        Extract(dataField[firstHeaderPointer..]);
    }

    /// <summary>Adds continuation octets; returns how many completed the packet, or -1 when it needs more.</summary>
    private int Continue(ReadOnlySpan<byte> bytes)
    {
        int used = 0;
        if (_have < SpacePacketHeader.Length)
        {
            int take = Math.Min(SpacePacketHeader.Length - _have, bytes.Length);
            bytes[..take].CopyTo(_partial.AsSpan(_have));
            _have += take;
            used = take;
            if (_have < SpacePacketHeader.Length)
            {
                return -1;
            }

            if (!StartLength(_partial.AsSpan(0, SpacePacketHeader.Length)))
            {
                _have = 0;
                _synchronised = false;
                return -1;
            }
        }

        int rest = Math.Min(_need - _have, bytes.Length - used);
        bytes.Slice(used, rest).CopyTo(_partial.AsSpan(_have));
        _have += rest;
        used += rest;
        if (_have < _need)
        {
            return -1;
        }

        Deliver(_partial.AsSpan(0, _need));
        _have = 0;
        return used;
    }

    /// <summary>Reads packets from a point where one starts, keeping an unfinished tail for the next frame.</summary>
    private void Extract(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < SpacePacketHeader.Length)
            {
                Keep(bytes, 0);
                return;
            }

            if (!StartLength(bytes))
            {
                _synchronised = false;
                return;
            }

            if (_need > bytes.Length)
            {
                Keep(bytes, _need);
                return;
            }

            Deliver(bytes[.._need]);
            bytes = bytes[_need..];
        }
    }

    private bool StartLength(ReadOnlySpan<byte> header)
    {
        if (!SpacePacketHeader.TryParse(header, out SpacePacketHeader parsed, out string? error))
        {
            _statistics.InvalidPackets++;
            _report(new LinkEvent(LinkEventKind.InvalidPacket, $"VC {_virtualChannelId}: {error}; skipping to the next packet start"));
            return false;
        }

        if (parsed.PacketLength > _maxPacketLength)
        {
            _statistics.InvalidPackets++;
            _report(new LinkEvent(LinkEventKind.InvalidPacket, $"VC {_virtualChannelId}: APID {parsed.Apid} packet length {parsed.PacketLength} exceeds the configured maximum {_maxPacketLength}; skipping to the next packet start"));
            return false;
        }

        _need = parsed.PacketLength;
        return true;
    }

    private void Keep(ReadOnlySpan<byte> bytes, int need)
    {
        _partial ??= new byte[_maxPacketLength];
        bytes.CopyTo(_partial);
        _have = bytes.Length;
        _need = need;
    }

    private void Deliver(ReadOnlySpan<byte> packet) => _deliver(_virtualChannelId, packet);

    private void Discard(string why)
    {
        if (_have == 0)
        {
            return;
        }

        string what = _have >= SpacePacketHeader.Length && SpacePacketHeader.TryParse(_partial, out SpacePacketHeader header, out _)
            ? $"APID {header.Apid} packet (sequence count {header.SequenceCount}, {_have} of {header.PacketLength} octets)"
            : $"packet ({_have} octets, header incomplete)";
        _report(new LinkEvent(LinkEventKind.PacketDiscarded, $"VC {_virtualChannelId}: {what} discarded: {why}"));
        _statistics.PacketsDiscarded++;
        _have = 0;
    }
}
