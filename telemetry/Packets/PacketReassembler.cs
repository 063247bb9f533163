namespace Payload.Telemetry.Packets;

/// <summary>
/// Ground side of packetisation: checks each APID's 14-bit sequence count for gaps and joins
/// first/continuation/last segments back into products. A gap inside a segmented product drops
/// that product and says so; nothing incomplete is passed on. Idle packets are ignored.
/// </summary>
public sealed class PacketReassembler
{
    private readonly Action<LinkEvent> _report;
    private readonly int _secondaryHeaderLength;
    private readonly ApidState?[] _apids = new ApidState?[SpacePacketLayout.MaxApid + 1];

    /// <summary>Creates a reassembler; <paramref name="secondaryHeaderLength"/> octets are stripped from every packet's data field.</summary>
    public PacketReassembler(Action<LinkEvent> report, int secondaryHeaderLength = 0)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(secondaryHeaderLength);
        _report = report;
        _secondaryHeaderLength = secondaryHeaderLength;
    }

    /// <summary>Packets lost according to the sequence counts, over all APIDs.</summary>
    public long MissingPackets { get; private set; }

    /// <summary>Times an APID's sequence count jumped back to 0 because its sender restarted (not counted as missing).</summary>
    public long SequenceRestarts { get; private set; }

    /// <summary>Number of sequence-count jumps seen.</summary>
    public long SequenceGaps { get; private set; }

    /// <summary>Products dropped because a segment was missing.</summary>
    public long IncompleteProducts { get; private set; }

    /// <summary>
    /// Takes one whole packet. Returns the product it completes, or null when the product continues,
    /// the packet is idle, or it was rejected (reported).
    /// </summary>
    public ReassembledProduct? Accept(ReadOnlySpan<byte> packet)
    {
        if (!SpacePacket.TryRead(packet, out SpacePacketHeader header, out int length, out string? error))
        {
            _report(new LinkEvent(LinkEventKind.InvalidPacket, error));
            return null;
        }

        if (header.IsIdle)
        {
            return null;
        }

        if (header.DataFieldLength < _secondaryHeaderLength)
        {
            _report(new LinkEvent(LinkEventKind.InvalidPacket, $"APID {header.Apid} packet data field is {header.DataFieldLength} octets, shorter than the {_secondaryHeaderLength}-octet secondary header"));
            return null;
        }

        ApidState state = _apids[header.Apid] ??= new ApidState();
        if (state.LastSequenceCount >= 0)
        {
            int expected = (state.LastSequenceCount + 1) % SpacePacketLayout.SequenceCountModulus;
            if (header.SequenceCount == 0 && expected != 0)
            {
                SequenceRestarts++;
                _report(new LinkEvent(LinkEventKind.SenderRestart, $"APID {header.Apid} sequence count restarted at 0 (expected {expected}): the sender restarted"));
                DropProduct(header.Apid, state, "the sender restarted");
            }
            else if (header.SequenceCount != expected)
            {
                int missing = (header.SequenceCount - expected + SpacePacketLayout.SequenceCountModulus) % SpacePacketLayout.SequenceCountModulus;
                MissingPackets += missing;
                SequenceGaps++;
                _report(new LinkEvent(LinkEventKind.PacketSequenceGap, $"APID {header.Apid} sequence count is {header.SequenceCount}, expected {expected}: {missing} packet(s) lost"));
                DropProduct(header.Apid, state, "a segment was lost in the sequence gap");
            }
        }

        state.LastSequenceCount = header.SequenceCount;
        ReadOnlySpan<byte> dataField = packet.Slice(SpacePacketLayout.PrimaryHeaderLength, length - SpacePacketLayout.PrimaryHeaderLength);
        ReadOnlySpan<byte> secondary = dataField[.._secondaryHeaderLength];
        ReadOnlySpan<byte> userData = dataField[_secondaryHeaderLength..];
        switch (header.SequenceFlags)
        {
            case SequenceFlags.Unsegmented:
                DropProduct(header.Apid, state, "an unsegmented packet arrived before its last segment");
                return new ReassembledProduct(header.Apid, header.SequenceCount, 1, secondary.ToArray(), userData.ToArray());
            case SequenceFlags.First:
                DropProduct(header.Apid, state, "a new first segment arrived before its last segment");
                state.Start(header.SequenceCount, secondary, userData);
                return null;
            default:
                if (state.Buffer is null)
                {
                    IncompleteProducts++;
                    _report(new LinkEvent(LinkEventKind.ProductIncomplete, $"APID {header.Apid} {header.SequenceFlags} segment (sequence count {header.SequenceCount}) without its first segment dropped"));
                    return null;
                }

                state.Append(userData);
                if (header.SequenceFlags == SequenceFlags.Last)
                {
                    return state.Finish(header.Apid);
                }

                return null;
        }
    }

    /// <summary>Reports every product still waiting for its last segment (call at end of stream).</summary>
    public void Complete()
    {
        for (int apid = 0; apid < _apids.Length; apid++)
        {
            if (_apids[apid] is { } state)
            {
                DropProduct(apid, state, "the stream ended before its last segment");
            }
        }
    }

    /// <summary>
    /// The sender restarted (its frame count began again): every APID's next sequence count is a new start, not a
    /// gap, whatever count a resumed sender carries on from. Products in progress are dropped.
    /// </summary>
    public void SenderRestarted()
    {
        for (int apid = 0; apid < _apids.Length; apid++)
        {
            if (_apids[apid] is ApidState state)
            {
                DropProduct(apid, state, "the sender restarted");
                state.LastSequenceCount = -1;
            }
        }
    }

    private void DropProduct(int apid, ApidState state, string why)
    {
        if (state.Buffer is null)
        {
            return;
        }

        IncompleteProducts++;
        _report(new LinkEvent(LinkEventKind.ProductIncomplete, $"APID {apid} product starting at sequence count {state.FirstSequenceCount} dropped after {state.PacketCount} segment(s): {why}"));
        state.Reset();
    }

    private sealed class ApidState
    {
        public int LastSequenceCount { get; set; } = -1;

        public int FirstSequenceCount { get; private set; }

        public int PacketCount { get; private set; }

        public MemoryStream? Buffer { get; private set; }

        private byte[] _secondaryHeader = [];

        public void Start(int sequenceCount, ReadOnlySpan<byte> secondaryHeader, ReadOnlySpan<byte> userData)
        {
            FirstSequenceCount = sequenceCount;
            PacketCount = 1;
            _secondaryHeader = secondaryHeader.ToArray();
            Buffer = new MemoryStream();
            Buffer.Write(userData);
        }

        public void Append(ReadOnlySpan<byte> userData)
        {
            PacketCount++;
            Buffer!.Write(userData);
        }

        public ReassembledProduct Finish(int apid)
        {
            ReassembledProduct product = new(apid, FirstSequenceCount, PacketCount, _secondaryHeader, Buffer!.ToArray());
            Reset();
            return product;
        }

        public void Reset()
        {
            Buffer = null;
            PacketCount = 0;
            _secondaryHeader = [];
        }
    }
}
