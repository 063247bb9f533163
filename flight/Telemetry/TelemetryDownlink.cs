using System.Buffers;
using Payload.Flight.Dictionary;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Telemetry;

/// <summary>
/// Packets → space packets on the dictionary's APIDs → virtual channels (events and acknowledgements first, then
/// housekeeping, then products) → TM frames with the CLCW in the operational control field → CADUs.
/// Thread-safe: the executive queues packets on its thread while the host's sender pulls CADUs on another, so a tile
/// running through the model never holds up an alert already queued. One caller pulls CADUs.
/// </summary>
internal sealed class TelemetryDownlink : IPacketSink
{
    // Products are cut into packets of at most this many octets so one product cannot hold a VC for long.
    private const int MaxProductPacketLength = 4096;

    // Packets a virtual channel queues. The product VC's real bound is the scene service's backlog in octets, which
    // stops the pipeline; the queue must hold that backlog even in packets as small as a sliver tile's maps (128
    // octets), or a full queue drops products the pipeline would have waited for.
    private const int VirtualChannelPackets = (int)(Services.SceneService.ProductBacklogBound / 128);

    private readonly SpacePacketEncoder encoder = new();
    private readonly TmFrameMultiplexer multiplexer;
    private readonly DownlinkTransmitter transmitter;
    private readonly Dictionary<int, VirtualChannel> channels = [];
    private readonly Func<Clcw> clcw;
    private readonly Lock gate = new();

    public TelemetryDownlink(int spacecraftId, Func<Clcw> clcw)
    {
        this.clcw = clcw;
        Frames = DownlinkFormat.Frames(spacecraftId);
        Format = DownlinkFormat.Cadu;
        multiplexer = new TmFrameMultiplexer(Frames);
        int priority = 100;
        foreach (int vc in FlightDictionary.Apids.Select(a => a.VirtualChannel).Distinct().Order())
        {
            channels[vc] = multiplexer.AddVirtualChannel(vc, priority--, capacity: VirtualChannelPackets, flushPartialFrames: true);
        }
        transmitter = new DownlinkTransmitter(multiplexer, Format);
    }

    public TmFrameConfiguration Frames { get; }

    public CaduFormat Format { get; }

    public long CadusSent
    {
        get
        {
            lock (gate)
            {
                return transmitter.CadusSent;
            }
        }
    }

    public long DroppedPackets { get; private set; }

    public long QueuedOctets
    {
        get
        {
            lock (gate)
            {
                return multiplexer.VirtualChannels.Sum(vc => vc.PendingBytes);
            }
        }
    }

    public bool Send(ApidDefinition apid, ReadOnlySpan<byte> userData)
    {
        lock (gate)
        {
            var packet = new byte[encoder.PacketLength(userData.Length)];
            encoder.Encode(apid.Apid, userData, packet);
            if (!channels[apid.VirtualChannel].TryWrite(packet))
            {
                DroppedPackets++;
                return false;
            }
            return true;
        }
    }

    public long PendingOctets(ApidDefinition apid)
    {
        lock (gate)
        {
            return channels[apid.VirtualChannel].PendingBytes;
        }
    }

    public int NextSequenceCount(ApidDefinition apid)
    {
        lock (gate)
        {
            return encoder.NextSequenceCount(apid.Apid);
        }
    }

    public void ContinueSequenceCount(ApidDefinition apid, int count)
    {
        lock (gate)
        {
            encoder.SetNextSequenceCount(apid.Apid, count);
        }
    }

    public bool SendProduct(ApidDefinition apid, ReadOnlySpan<byte> product)
    {
        lock (gate)
        {
            var output = new ArrayBufferWriter<byte>(product.Length + 64);
            encoder.EncodeProduct(apid.Apid, product, MaxProductPacketLength, output);
            ReadOnlyMemory<byte> packets = output.WrittenMemory;
            while (!packets.IsEmpty && SpacePacket.TryRead(packets.Span, out _, out int length, out _))
            {
                if (!channels[apid.VirtualChannel].TryWrite(packets[..length]))
                {
                    DroppedPackets++;
                    return false;
                }
                packets = packets[length..];
            }
            return true;
        }
    }

    /// <summary>The next CADU with data, or empty when nothing waits; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> TryNextCadu()
    {
        lock (gate)
        {
            multiplexer.SetOperationalControlField(clcw().ToWord());
            return transmitter.TryEncodeCadu();
        }
    }
}
