using Payload.Flight.Dictionary;
using Payload.Flight.Products;

namespace Payload.Flight.Telemetry;

/// <summary>Puts products on the downlink: alerts on the ALERTS APID (VC 0, ahead of everything bulk), the rest on PRODUCTS (VC 2).</summary>
internal sealed class DownlinkProductSink(IPacketSink packets) : IProductSink
{
    /// <summary>Products the downlink queue refused (full).</summary>
    public long Refused { get; private set; }

    public void Send(ReadOnlySpan<byte> product, bool alert)
    {
        if (!packets.SendProduct(alert ? FlightDictionary.AlertApid : FlightDictionary.ProductApid, product))
        {
            Refused++;
        }
    }
}
