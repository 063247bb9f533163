using Payload.Hal.Imaging;
using Payload.Inference.Pipeline;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Products;

/// <summary>
/// Turns one processed scene into downlink products, as the payload will: a class map per tile,
/// an alert per tile and rule whose class reaches its area threshold (with an RGB thumbnail), a
/// reduced RGB quicklook of the scene and a scene summary. Buffers are reused across scenes.
/// </summary>
internal sealed class SceneProductEncoder(IReadOnlyList<AlertRule> alerts, ulong modelHash, int quicklookFactor)
{
    /// <summary>Longest side of an alert thumbnail in pixels.</summary>
    public const int ThumbnailEdge = 32;

    private readonly ProductEncoder _encoder = new();
    private byte[] _product = [];
    private byte[] _rgb = [];

    /// <summary>Alerts raised so far.</summary>
    public int AlertsRaised { get; private set; }

    /// <summary>Encodes every product of <paramref name="products"/> and sends it down <paramref name="link"/>.</summary>
    public void Send(uint sceneNumber, MultispectralScene scene, DateTimeOffset captureTime, SceneProducts products, LoopbackDownlink link)
    {
        int classes = products.ClassNames.Count;
        byte classBits = ProductHeader.BitsForClasses(classes);
        ProductHeader common = new() { SceneId = sceneNumber, CaptureTime = captureTime, ModelHash = modelHash };
        foreach (TileProduct tile in products.Tiles)
        {
            TilePlacement p = tile.Placement;
            ProductHeader tileHeader = common with
            {
                TileId = (ushort)p.Index,
                TileRow = (ushort)p.Row,
                TileColumn = (ushort)p.Column,
                TileX = (ushort)p.X,
                TileY = (ushort)p.Y,
            };
            foreach (AlertRule rule in alerts)
            {
                double area = tile.ClassFraction(rule.ClassIndex);
                if (area >= rule.AreaThreshold)
                {
                    int factor = Math.Max(1, (Math.Max(p.ValidWidth, p.ValidHeight) + ThumbnailEdge - 1) / ThumbnailEdge);
                    (int w, int h) = Downsample(scene, p.X, p.Y, p.ValidWidth, p.ValidHeight, factor);
                    ProductHeader alert = tileHeader with { Kind = ProductKind.Alert, Width = (ushort)w, Height = (ushort)h, Bands = 3, BitsPerSample = 8 };
                    AlertDetail detail = new((byte)rule.ClassIndex, area, Math.Clamp(tile.ConfidenceMean, 0, 1), (ushort)p.ValidWidth, (ushort)p.ValidHeight);
                    int length = _encoder.EncodeAlert(alert, detail, _rgb.AsSpan(0, w * h * 3), Buffer(alert));
                    link.Send(_product.AsSpan(0, length), alert: true);
                    AlertsRaised++;
                }
            }

            ProductHeader map = tileHeader with { Kind = ProductKind.ClassMap, Width = (ushort)p.ValidWidth, Height = (ushort)p.ValidHeight, Bands = 1, BitsPerSample = classBits };
            int mapLength = _encoder.Encode(map, tile.ClassMap, Buffer(map));
            link.Send(_product.AsSpan(0, mapLength), alert: false);
        }

        ProductHeader wholeScene = common with { TileId = ProductHeader.WholeScene };
        (int qw, int qh) = Downsample(scene, 0, 0, scene.Width, scene.Height, quicklookFactor);
        ProductHeader quicklook = wholeScene with { Kind = ProductKind.QuicklookRgb, Width = (ushort)qw, Height = (ushort)qh, Bands = 3, BitsPerSample = 8 };
        int quicklookLength = _encoder.Encode(quicklook, _rgb.AsSpan(0, qw * qh * 3), Buffer(quicklook));
        link.Send(_product.AsSpan(0, quicklookLength), alert: false);

        SceneSummary summary = products.Summarise();
        uint[] counts = new uint[classes];
        foreach (byte c in products.ClassMap)
        {
            counts[c]++;
        }

        ProductHeader summaryHeader = wholeScene with { Kind = ProductKind.SceneSummary, Width = (ushort)classes, Height = 1, Bands = 1, BitsPerSample = 32 };
        SceneSummaryDetail detailBlock = new((ushort)summary.Width, (ushort)summary.Height, (ushort)summary.TileCount, Math.Clamp(summary.ConfidenceMean, 0, 1), Math.Clamp(summary.LowestTileConfidence, 0, 1));
        int summaryLength = _encoder.EncodeSceneSummary(summaryHeader, detailBlock, counts, Buffer(summaryHeader));
        link.Send(_product.AsSpan(0, summaryLength), alert: false);
    }

    /// <summary>Octets of raw imagery a scene stands for: every sample of every band at the imager's bit depth.</summary>
    public static long RawOctets(MultispectralScene scene) => (long)scene.PixelCount * scene.BandCount * scene.BitDepth / 8;

    private Span<byte> Buffer(in ProductHeader header)
    {
        int max = _encoder.MaxLength(header);
        if (_product.Length < max)
        {
            _product = new byte[max];
        }

        return _product;
    }

    // Box-averages red, green and blue over factor x factor blocks of a region into _rgb (band-sequential)
    // and stretches each band's range to 0..255.
    private (int Width, int Height) Downsample(MultispectralScene scene, int x0, int y0, int width, int height, int factor)
    {
        int w = Math.Max(1, width / factor);
        int h = Math.Max(1, height / factor);
        if (_rgb.Length < w * h * 3)
        {
            _rgb = new byte[w * h * 3];
        }

        Span<int> sums = w * h <= 4096 ? stackalloc int[w * h] : new int[w * h];
        string[] bands = ["red", "green", "blue"];
        for (int b = 0; b < 3; b++)
        {
            ReadOnlySpan<ushort> band = scene.Band(bands[b]);
            sums.Clear();
            for (int y = 0; y < h * factor && y < height; y++)
            {
                ReadOnlySpan<ushort> row = band.Slice(((y0 + y) * scene.Width) + x0, width);
                int outRow = Math.Min(y / factor, h - 1) * w;
                for (int x = 0; x < w * factor && x < width; x++)
                {
                    sums[outRow + Math.Min(x / factor, w - 1)] += row[x];
                }
            }

            int lo = int.MaxValue, hi = int.MinValue;
            foreach (int s in sums)
            {
                lo = Math.Min(lo, s);
                hi = Math.Max(hi, s);
            }

            Span<byte> plane = _rgb.AsSpan(b * w * h, w * h);
            int range = Math.Max(1, hi - lo);
            for (int i = 0; i < sums.Length; i++)
            {
                plane[i] = (byte)((long)(sums[i] - lo) * 255 / range);
            }
        }

        return (w, h);
    }
}
