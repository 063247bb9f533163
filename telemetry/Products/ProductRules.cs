using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Products;

/// <summary>The shape rules each product kind obeys (README table "Kinds"), checked by both encoder and decoder.</summary>
internal static class ProductRules
{
    /// <summary>Null when the shape is valid for the kind, else what is wrong; <paramref name="field"/> and <paramref name="value"/> name the offending field.</summary>
    public static string? Problem(ProductKind kind, int width, int height, int bands, int bitsPerSample, out string field, out long value)
    {
        (field, value, string? expected) = (kind, width, height, bands, bitsPerSample) switch
        {
            _ when !Enum.IsDefined(kind) => ("Kind", (long)kind, "1..5"),
            _ when bitsPerSample is < AdaptiveEntropyCoding.MinBitsPerSample or > AdaptiveEntropyCoding.MaxBitsPerSample => ("BitsPerSample", bitsPerSample, "1..32"),
            _ when width < 1 => ("Width", width, "at least 1"),
            _ when height < 1 => ("Height", height, "at least 1"),
            _ when bands < 1 => ("Bands", bands, "at least 1"),
            (ProductKind.ClassMap or ProductKind.ConfidenceMap, _, _, not 1, _) => ("Bands", bands, $"1 for {kind}"),
            (ProductKind.QuicklookRgb, _, _, not ProductLayout.QuicklookBands, _) => ("Bands", bands, $"{ProductLayout.QuicklookBands} for {kind}"),
            (ProductKind.QuicklookRgb, _, _, _, not ProductLayout.QuicklookBitsPerSample) => ("BitsPerSample", bitsPerSample, $"{ProductLayout.QuicklookBitsPerSample} for {kind}"),
            (ProductKind.SceneSummary, _, not 1, _, _) => ("Height", height, $"1 for {kind}"),
            (ProductKind.SceneSummary, _, _, not 1, _) => ("Bands", bands, $"1 for {kind}"),
            (ProductKind.SceneSummary, _, _, _, not ProductLayout.SceneSummaryBitsPerSample) => ("BitsPerSample", bitsPerSample, $"{ProductLayout.SceneSummaryBitsPerSample} for {kind}"),
            _ => ("", 0L, null),
        };
        return expected;
    }
}
