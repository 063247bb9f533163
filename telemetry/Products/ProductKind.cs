namespace Payload.Telemetry.Products;

/// <summary>What a downlink product carries (octet 1 of the product header).</summary>
public enum ProductKind : byte
{
    /// <summary>Class of every pixel of a tile: Width × Height samples of ceil(log2(classes)) bits.</summary>
    ClassMap = 1,

    /// <summary>Confidence of every pixel's class, quantised to n bits: value / (2^n − 1).</summary>
    ConfidenceMap = 2,

    /// <summary>A reduced-resolution RGB image: 3 bands of 8 bits, band-sequential.</summary>
    QuicklookRgb = 3,

    /// <summary>An alert class crossed its area threshold in a tile: <see cref="AlertDetail"/> plus a small 8-bit thumbnail.</summary>
    Alert = 4,

    /// <summary>Per-scene summary: <see cref="SceneSummaryDetail"/> plus one 32-bit pixel count per class.</summary>
    SceneSummary = 5,
}
