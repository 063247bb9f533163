using Payload.Telemetry.Products;

namespace Payload.GroundTest.Imaging;

/// <summary>
/// A decoded product as a PNG image where it is one: class maps indexed with the class palette, confidence maps grey,
/// quicklooks RGB, alert thumbnails grey or RGB. Scene summaries and other kinds have no image.
/// </summary>
internal static class ProductPng
{
    /// <summary>The product's PNG, or null for kinds without an image.</summary>
    public static byte[]? Encode(DecodedProduct product, byte[] palette)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(palette);
        ProductHeader h = product.Header;
        uint[] s = product.Samples;
        switch (h.Kind)
        {
            case ProductKind.ClassMap:
                byte[] indices = new byte[s.Length];
                int classes = palette.Length / 3;
                for (int i = 0; i < s.Length; i++)
                {
                    indices[i] = (byte)Math.Min(s[i], (uint)(classes - 1));
                }

                return PngEncoder.Encode(h.Width, h.Height, PngColorType.Indexed, indices, palette);
            case ProductKind.ConfidenceMap:
                byte[] grey = new byte[s.Length];
                int shift = Math.Max(0, h.BitsPerSample - 8);
                for (int i = 0; i < s.Length; i++)
                {
                    grey[i] = h.BitsPerSample >= 8 ? (byte)(s[i] >> shift) : (byte)(s[i] * 255 / ((1u << h.BitsPerSample) - 1));
                }

                return PngEncoder.Encode(h.Width, h.Height, PngColorType.Gray, grey);
            case ProductKind.QuicklookRgb:
            case ProductKind.Alert when h.Bands is 1 or 3 && h.BitsPerSample == 8:
                return h.Bands == 3
                    ? PngEncoder.Encode(h.Width, h.Height, PngColorType.Rgb, Interleave(s, h.Width * h.Height))
                    : PngEncoder.Encode(h.Width, h.Height, PngColorType.Gray, s.Select(v => (byte)v).ToArray());
            default:
                return null;
        }
    }

    // Band-sequential R, G, B planes to the pixel-interleaved order PNG wants.
    private static byte[] Interleave(uint[] planes, int pixels)
    {
        byte[] rgb = new byte[pixels * 3];
        for (int i = 0; i < pixels; i++)
        {
            rgb[i * 3] = (byte)planes[i];
            rgb[(i * 3) + 1] = (byte)planes[pixels + i];
            rgb[(i * 3) + 2] = (byte)planes[(2 * pixels) + i];
        }

        return rgb;
    }
}
