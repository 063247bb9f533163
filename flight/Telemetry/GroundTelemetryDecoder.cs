using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Products;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Telemetry;

/// <summary>
/// Ground side of the payload's downlink: CADU bytes → packets → acknowledgements, events and housekeeping, decoded
/// with the dictionary's APIDs. Callbacks run on the thread that pushes the bytes.
/// </summary>
public sealed class GroundTelemetryDecoder
{
    private readonly DownlinkReceiver receiver;
    private readonly ProductDecoder products = new();

    public GroundTelemetryDecoder(int spacecraftId)
    {
        receiver = new DownlinkReceiver(DownlinkFormat.Cadu, DownlinkFormat.Frames(spacecraftId), OnPacket, e => LinkEvent?.Invoke(e), OnProduct);
    }

    public event Action<CommandAcknowledgement>? Acknowledgement;

    public event Action<ushort, EventSeverity, string>? Event;

    public event Action<IReadOnlyDictionary<ushort, double>>? Housekeeping;

    public event Action<LinkEvent>? LinkEvent;

    /// <summary>Products reassembled from the product and alert APIDs; a malformed one is reported as its format exception.</summary>
    public event Action<DecodedProduct>? Product;

    public event Action<ProductFormatException>? BadProduct;

    /// <summary>CFDP PDUs from the payload's file-delivery entity (a copy each), for the ground's CFDP entity.</summary>
    public event Action<byte[]>? FilePdu;

    public Payload.Telemetry.Frames.LinkStatistics Statistics => receiver.Statistics;

    /// <summary>FARM-1's report in the last accepted TM frame's operational control field; null before the first.</summary>
    public Clcw? LastClcw
    {
        get
        {
            if (receiver.LastOperationalControlField is not uint word)
            {
                return null;
            }
            Span<byte> ocf = stackalloc byte[Clcw.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ocf, word);
            return Clcw.TryRead(ocf, out Clcw clcw) ? clcw : null;
        }
    }

    public void Push(ReadOnlySpan<byte> bytes) => receiver.Push(bytes);

    public Task ReadFromAsync(ICaduSource source, CancellationToken cancellationToken) => receiver.ReadFromAsync(source.Reader, cancellationToken);

    private void OnProduct(ReassembledProduct reassembled)
    {
        if (reassembled.Apid != FlightDictionary.ProductApid.Apid && reassembled.Apid != FlightDictionary.AlertApid.Apid)
        {
            return;
        }
        try
        {
            Product?.Invoke(products.Decode(reassembled.Data.Span));
        }
        catch (ProductFormatException e)
        {
            BadProduct?.Invoke(e);
        }
    }

    private void OnPacket(int virtualChannelId, ReadOnlySpan<byte> packet)
    {
        if (!SpacePacket.TryRead(packet, out SpacePacketHeader header, out int length, out _))
        {
            return;
        }
        ReadOnlySpan<byte> data = packet[SpacePacketHeader.Length..length];
        if (header.Apid == FlightDictionary.AcknowledgementApid.Apid && CommandAcknowledgement.TryDecode(data, out CommandAcknowledgement? ack))
        {
            Acknowledgement?.Invoke(ack!);
        }
        else if (header.Apid == FlightDictionary.EventApid.Apid && EventReporter.TryDecode(data, out ushort id, out EventSeverity severity, out string text))
        {
            Event?.Invoke(id, severity, text);
        }
        else if (header.Apid == FlightDictionary.HousekeepingApid.Apid && HousekeepingPacket.TryRead(data) is { } values)
        {
            Housekeeping?.Invoke(values);
        }
        else if (header.Apid == FlightDictionary.CfdpApid.Apid)
        {
            FilePdu?.Invoke(data.ToArray());
        }
    }
}
