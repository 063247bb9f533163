using Payload.Hal.Imaging;
using Payload.Inference.Pipeline;
using Payload.Telemetry.Products;

namespace Payload.Flight.Products;

/// <summary>
/// The payload's downlink products (telemetry/Products format). Per tile: an alert per rule whose class reaches its
/// area threshold (with a small RGB thumbnail), sent first, then the class map and the 8-bit confidence map. Per
/// scene: a reduced RGB quicklook and the scene summary, which states the tile count so the ground knows what to
/// expect. Buffers are reused across tiles and scenes.
/// </summary>
public sealed class SceneProductEncoder
{
    /// <summary>Longest side of an alert thumbnail in pixels.</summary>
    public const int ThumbnailEdge = 32;

    /// <summary>The quicklook is the scene reduced by this factor in each direction unless told otherwise.</summary>
    public const int DefaultQuicklookFactor = 8;

    private static readonly string[] RgbBands = ["red", "green", "blue"];
    private readonly IReadOnlyList<AlertRule> alerts;
    private readonly int quicklookFactor;
    private readonly ProductEncoder encoder = new();
    private byte[] product = [];
    private byte[] rgb = [];
    private int[] sums = [];

    /// <summary>An encoder raising <paramref name="alerts"/>, stamping <paramref name="modelHash"/> into every product.</summary>
    public SceneProductEncoder(IReadOnlyList<AlertRule> alerts, ulong modelHash, int quicklookFactor = DefaultQuicklookFactor)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentOutOfRangeException.ThrowIfLessThan(quicklookFactor, 1);
        this.alerts = alerts;
        this.quicklookFactor = quicklookFactor;
        ModelHash = modelHash;
    }

    /// <summary>First 8 octets of the model's SHA-256, as products carry it.</summary>
    public ulong ModelHash { get; }

    /// <summary>Alerts raised so far.</summary>
    public int AlertsRaised { get; private set; }

    /// <summary>Octets of raw imagery a scene stands for: every sample of every band at the imager's bit depth.</summary>
    public static long RawOctets(MultispectralScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return (long)scene.PixelCount * scene.BandCount * scene.BitDepth / 8;
    }

    /// <summary>Sends every product of a whole processed scene: each tile's, then the quicklook and the summary.</summary>
    public void Send(uint sceneId, MultispectralScene scene, DateTimeOffset captureTime, SceneProducts products, IProductSink sink)
    {
        ArgumentNullException.ThrowIfNull(products);
        var tally = new SceneTally(products.ClassNames.Count);
        foreach (TileProduct tile in products.Tiles)
        {
            SendTile(sceneId, captureTime, scene, tile, sink);
            tally.Add(products, tile.Placement.Index);
        }

        SendScene(sceneId, captureTime, scene, products.Grid, tally, sink);
    }

    /// <summary>Sends one tile's alerts (first), class map and confidence map; returns the alerts raised.</summary>
    internal int SendTile(uint sceneId, DateTimeOffset captureTime, MultispectralScene scene, TileProduct tile, IProductSink sink)
    {
        TilePlacement p = tile.Placement;
        ProductHeader tileHeader = new()
        {
            SceneId = sceneId, CaptureTime = captureTime, ModelHash = ModelHash, TileId = (ushort)p.Index,
            TileRow = (ushort)p.Row, TileColumn = (ushort)p.Column, TileX = (ushort)p.X, TileY = (ushort)p.Y,
        };
        int raised = 0;
        foreach (AlertRule rule in alerts)
        {
            double area = tile.ClassFraction(rule.ClassIndex);
            if (area >= rule.AreaThreshold)
            {
                int factor = Math.Max(1, (Math.Max(p.ValidWidth, p.ValidHeight) + ThumbnailEdge - 1) / ThumbnailEdge);
                (int w, int h) = Downsample(scene, p.X, p.Y, p.ValidWidth, p.ValidHeight, factor);
                ProductHeader alert = tileHeader with { Kind = ProductKind.Alert, Width = (ushort)w, Height = (ushort)h, Bands = 3, BitsPerSample = 8 };
                AlertDetail detail = new((byte)rule.ClassIndex, area, Math.Clamp(tile.ConfidenceMean, 0, 1), (ushort)p.ValidWidth, (ushort)p.ValidHeight);
                int length = encoder.EncodeAlert(alert, detail, rgb.AsSpan(0, w * h * 3), Buffer(alert));
                sink.Send(product.AsSpan(0, length), alert: true);
                raised++;
            }
        }

        AlertsRaised += raised;
        ProductHeader map = tileHeader with
        {
            Kind = ProductKind.ClassMap, Width = (ushort)p.ValidWidth, Height = (ushort)p.ValidHeight, Bands = 1,
            BitsPerSample = ProductHeader.BitsForClasses(tile.ClassPixelCounts.Length),
        };
        int mapLength = encoder.Encode(map, tile.ClassMap, Buffer(map));
        sink.Send(product.AsSpan(0, mapLength), alert: false);

        ProductHeader confidence = map with { Kind = ProductKind.ConfidenceMap, BitsPerSample = TileProduct.ConfidenceMapBits };
        int confidenceLength = encoder.Encode(confidence, tile.ConfidenceMap, Buffer(confidence));
        sink.Send(product.AsSpan(0, confidenceLength), alert: false);
        return raised;
    }

    /// <summary>Sends the scene's quicklook and its summary (tile count, pixels per class, confidence).</summary>
    internal void SendScene(uint sceneId, DateTimeOffset captureTime, MultispectralScene scene, TileGrid grid, SceneTally tally, IProductSink sink)
    {
        ProductHeader wholeScene = new() { SceneId = sceneId, CaptureTime = captureTime, ModelHash = ModelHash, TileId = ProductHeader.WholeScene };
        (int qw, int qh) = Downsample(scene, 0, 0, scene.Width, scene.Height, quicklookFactor);
        ProductHeader quicklook = wholeScene with { Kind = ProductKind.QuicklookRgb, Width = (ushort)qw, Height = (ushort)qh, Bands = 3, BitsPerSample = 8 };
        int quicklookLength = encoder.Encode(quicklook, rgb.AsSpan(0, qw * qh * 3), Buffer(quicklook));
        sink.Send(product.AsSpan(0, quicklookLength), alert: false);

        ReadOnlySpan<uint> counts = tally.ClassPixelCounts;
        ProductHeader summaryHeader = wholeScene with { Kind = ProductKind.SceneSummary, Width = (ushort)counts.Length, Height = 1, Bands = 1, BitsPerSample = 32 };
        SceneSummaryDetail detail = new(
            (ushort)grid.SceneWidth, (ushort)grid.SceneHeight, (ushort)grid.Count, Math.Clamp(tally.ConfidenceMean, 0, 1), Math.Clamp(tally.LowestTileConfidence, 0, 1));
        int summaryLength = encoder.EncodeSceneSummary(summaryHeader, detail, counts, Buffer(summaryHeader));
        sink.Send(product.AsSpan(0, summaryLength), alert: false);
    }

    private Span<byte> Buffer(in ProductHeader header)
    {
        int max = encoder.MaxLength(header);
        if (product.Length < max)
        {
            product = new byte[max];
        }

        return product;
    }

    // Box-sums red, green and blue over factor x factor blocks of a region into rgb (band-sequential)
    // and stretches the range shared by the three bands to 0..255, keeping the colour balance.
    private (int Width, int Height) Downsample(MultispectralScene scene, int x0, int y0, int width, int height, int factor)
    {
        int w = Math.Max(1, width / factor);
        int h = Math.Max(1, height / factor);
        int pixels = w * h;
        if (rgb.Length < pixels * 3)
        {
            rgb = new byte[pixels * 3];
        }

        if (sums.Length < pixels * 3)
        {
            sums = new int[pixels * 3];
        }

        Span<int> planeSums = sums.AsSpan(0, pixels * 3);
        planeSums.Clear();
        for (int b = 0; b < RgbBands.Length; b++)
        {
            ReadOnlySpan<ushort> band = scene.Band(RgbBands[b]);
            Span<int> plane = planeSums.Slice(b * pixels, pixels);
            for (int y = 0; y < h * factor && y < height; y++)
            {
                ReadOnlySpan<ushort> row = band.Slice(((y0 + y) * scene.Width) + x0, width);
                int outRow = Math.Min(y / factor, h - 1) * w;
                for (int x = 0; x < w * factor && x < width; x++)
                {
                    plane[outRow + Math.Min(x / factor, w - 1)] += row[x];
                }
            }
        }

        int lo = int.MaxValue, hi = int.MinValue;
        foreach (int v in planeSums)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        int range = Math.Max(1, hi - lo);
        Span<byte> target = rgb.AsSpan(0, pixels * 3);
        for (int i = 0; i < planeSums.Length; i++)
        {
            target[i] = (byte)((long)(planeSums[i] - lo) * 255 / range);
        }

        return (w, h);
    }
}
