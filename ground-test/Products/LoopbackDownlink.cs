using System.Buffers;
using Payload.Flight.Products;
using Payload.Telemetry;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Products;

/// <summary>
/// The whole downlink in memory, for the bench: products → space packets (segmented) → TM frames
/// on two virtual channels (alerts urgent, ahead of bulk) → CADUs → <see cref="DownlinkReceiver"/>
/// → <see cref="ProductDecoder"/>. Every CADU is handed to the receiver as soon as it is made.
/// </summary>
internal sealed class LoopbackDownlink : IProductSink
{
    /// <summary>Virtual channel of bulk products.</summary>
    public const int BulkVirtualChannel = 1;

    /// <summary>Virtual channel of alerts: higher priority, partial frames flushed at once.</summary>
    public const int AlertVirtualChannel = 2;

    /// <summary>Largest space packet the bench sends; larger products are segmented.</summary>
    public const int MaxPacketLength = 2048;

    private readonly SpacePacketEncoder _packets = new();
    private readonly ArrayBufferWriter<byte> _packetBuffer = new();
    private readonly TmFrameMultiplexer _multiplexer;
    private readonly VirtualChannel _bulk;
    private readonly VirtualChannel _alerts;
    private readonly DownlinkTransmitter _transmitter;
    private readonly DownlinkReceiver _receiver;
    private readonly ProductDecoder _decoder = new();
    private readonly Action<DecodedProduct> _onProduct;
    private readonly Action<string> _onProblem;

    /// <summary>Builds both ends of the link.</summary>
    /// <param name="format">CADU layout.</param>
    /// <param name="frames">TM frame layout (same frame length).</param>
    /// <param name="onProduct">Gets every product decoded on the ground.</param>
    /// <param name="onProblem">Gets every link event and every product that failed to decode.</param>
    public LoopbackDownlink(CaduFormat format, TmFrameConfiguration frames, Action<DecodedProduct> onProduct, Action<string> onProblem)
    {
        _onProduct = onProduct;
        _onProblem = onProblem;
        _multiplexer = new TmFrameMultiplexer(frames);
        _bulk = _multiplexer.AddVirtualChannel(BulkVirtualChannel, priority: 0);
        _alerts = _multiplexer.AddVirtualChannel(AlertVirtualChannel, priority: 10, flushPartialFrames: true);
        _transmitter = new DownlinkTransmitter(_multiplexer, format);
        _receiver = new DownlinkReceiver(format, frames, (_, _) => { }, e => _onProblem(e.ToString()), OnReassembled);
    }

    /// <summary>Octets of CADUs that crossed the link.</summary>
    public long CaduOctets { get; private set; }

    /// <summary>Products handed to <see cref="Send"/>.</summary>
    public long ProductsSent { get; private set; }

    /// <summary>Products that arrived and decoded.</summary>
    public long ProductsDecoded { get; private set; }

    /// <summary>Products that arrived but did not decode.</summary>
    public long ProductsRejected { get; private set; }

    /// <summary>The ground receiver's link counters.</summary>
    public LinkStatistics Statistics => _receiver.Statistics;

    /// <summary>Packetises one encoded product onto its channel and pushes out every CADU that is ready.</summary>
    public void Send(ReadOnlySpan<byte> product, bool alert)
    {
        _packetBuffer.ResetWrittenCount();
        _packets.EncodeProduct(alert ? ProductApids.Alert : ProductApids.Bulk, product, MaxPacketLength, _packetBuffer);
        ReadOnlySpan<byte> packets = _packetBuffer.WrittenSpan;
        VirtualChannel channel = alert ? _alerts : _bulk;
        while (!packets.IsEmpty)
        {
            int length = SpacePacketHeader.Parse(packets).PacketLength;
            byte[] packet = packets[..length].ToArray(); // the channel keeps it until it is framed
            while (!channel.TryWrite(packet))
            {
                Pump();
            }

            packets = packets[length..];
        }

        ProductsSent++;
        Pump();
    }

    /// <summary>Closes both channels, sends what is left and closes the receiver.</summary>
    public void Finish()
    {
        _bulk.Complete();
        _alerts.Complete();
        Pump();
        _receiver.Complete();
    }

    private void Pump()
    {
        for (ReadOnlySpan<byte> cadu = _transmitter.TryEncodeCadu(); !cadu.IsEmpty; cadu = _transmitter.TryEncodeCadu())
        {
            CaduOctets += cadu.Length;
            _receiver.Push(cadu);
        }
    }

    private void OnReassembled(ReassembledProduct product)
    {
        try
        {
            DecodedProduct decoded = _decoder.Decode(product.Data.Span);
            ProductsDecoded++;
            _onProduct(decoded);
        }
        catch (ProductFormatException e)
        {
            ProductsRejected++;
            _onProblem($"APID {product.Apid} product from sequence count {product.FirstSequenceCount}: {e.Message}");
        }
    }
}
