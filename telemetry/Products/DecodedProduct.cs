using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Products;

/// <summary>A downlink product decoded on the ground.</summary>
/// <param name="Header">The common header.</param>
/// <param name="Compression">How the payload was coded.</param>
/// <param name="Alert">The alert detail of an <see cref="ProductKind.Alert"/> product, else null.</param>
/// <param name="Summary">The detail of a <see cref="ProductKind.SceneSummary"/> product, else null.</param>
/// <param name="Samples">Width × Height × Bands samples, band-sequential (for a scene summary: pixels per class).</param>
/// <param name="Length">Octets the product occupied on the link.</param>
public sealed record DecodedProduct(
    ProductHeader Header,
    Ccsds121Parameters Compression,
    AlertDetail? Alert,
    SceneSummaryDetail? Summary,
    uint[] Samples,
    int Length);
