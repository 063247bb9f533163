namespace Payload.Flight.Products;

/// <summary>Where encoded products go: the flight downlink (alerts on their own APID and VC), or the ground bench's loopback.</summary>
public interface IProductSink
{
    /// <summary>Sends one whole product; <paramref name="alert"/> products go ahead of bulk products.</summary>
    void Send(ReadOnlySpan<byte> product, bool alert);
}
