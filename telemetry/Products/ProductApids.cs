namespace Payload.Telemetry.Products;

/// <summary>
/// The APIDs downlink products travel on (a Payload mission convention, not a CCSDS one): the
/// flight software sends on them and the ground decodes products from them by default.
/// </summary>
public static class ProductApids
{
    /// <summary>Class maps, confidence maps, quicklooks and scene summaries.</summary>
    public const int Bulk = 0x100;

    /// <summary>Alert products (sent on the urgent virtual channel).</summary>
    public const int Alert = 0x101;
}
