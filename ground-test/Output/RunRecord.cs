using Payload.Telemetry.Products;

namespace Payload.GroundTest.Output;

/// <summary>What <see cref="GroundOutput"/> has seen of a run, kept for the report. Not thread-safe on its own: GroundOutput locks around it.</summary>
internal sealed class RunRecord(string runName, byte[] palette, IReadOnlyList<string> classNames)
{
    private readonly Dictionary<ProductKind, (int Count, long Bytes)> _byKind = [];
    private readonly List<(string Name, byte[] Png)> _images = [];
    private readonly Dictionary<uint, SceneMosaic> _mosaics = [];
    private readonly List<AlertRecord> _alerts = [];
    private readonly Dictionary<string, List<(DateTimeOffset Time, double Value)>> _housekeeping = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Time, string Kind, string Message)> _events = [];
    private readonly List<(string Label, string Value)> _facts = [];
    private readonly List<DateTimeOffset> _boots = [];

    public string RunName { get; } = runName;

    public byte[] Palette { get; } = palette;

    public IReadOnlyList<string> ClassNames { get; } = classNames;

    public long DownlinkedBytes { get; set; }

    public long RawImageryBytes { get; set; }

    /// <summary>Share of the raw imagery octets not sent: 1 − downlinked / raw (0 without raw imagery).</summary>
    public double BandwidthSaving => RawImageryBytes == 0 ? 0 : 1 - (DownlinkedBytes / (double)RawImageryBytes);

    public IReadOnlyDictionary<ProductKind, (int Count, long Bytes)> ProductsByKind => _byKind;

    public int ProductCount => _byKind.Values.Sum(v => v.Count);

    public IReadOnlyList<(string Name, byte[] Png)> Images => _images;

    public IReadOnlyDictionary<uint, SceneMosaic> Mosaics => _mosaics;

    public IReadOnlyList<AlertRecord> Alerts => _alerts;

    public IReadOnlyDictionary<string, List<(DateTimeOffset Time, double Value)>> Housekeeping => _housekeeping;

    public IReadOnlyList<(DateTimeOffset Time, string Kind, string Message)> Events => _events;

    /// <summary>Free-form figures the caller adds to the summary section (tiles processed, link statistics...).</summary>
    public IReadOnlyList<(string Label, string Value)> Facts => _facts;

    /// <summary>When each BOOTED event was received.</summary>
    public IReadOnlyList<DateTimeOffset> Boots => _boots;

    public void AddFact(string label, string value) => _facts.Add((label, value));

    internal void AddBoot(DateTimeOffset receivedAt) => _boots.Add(receivedAt);

    internal void AddProduct(DecodedProduct product, string name, byte[]? png, DateTimeOffset receivedAt)
    {
        ProductHeader h = product.Header;
        (int count, long bytes) = _byKind.GetValueOrDefault(h.Kind);
        _byKind[h.Kind] = (count + 1, bytes + product.Length);
        if (png is not null && _images.Count < GroundOutput.MaxReportImages && h.Kind != ProductKind.ClassMap)
        {
            _images.Add((name, png));
        }

        if (product.Alert is { } alert)
        {
            _alerts.Add(new AlertRecord(h, alert, receivedAt, name, png));
        }

        if (h.Kind is ProductKind.ClassMap or ProductKind.SceneSummary && MosaicFor(h.SceneId) is { } mosaic)
        {
            if (h.Kind == ProductKind.ClassMap)
            {
                mosaic.Tiles.Add((h.TileX, h.TileY, h.Width, h.Height, product.Samples));
            }
            else
            {
                mosaic.Summary = product.Summary;
                mosaic.ClassPixelCounts = product.Samples;
            }
        }
    }

    internal void AddHousekeeping(DateTimeOffset time, string channel, double value)
    {
        if (!_housekeeping.TryGetValue(channel, out List<(DateTimeOffset, double)>? series))
        {
            series = [];
            _housekeeping[channel] = series;
        }

        series.Add((time, value));
    }

    internal void AddEvent(DateTimeOffset time, string kind, string message) => _events.Add((time, kind, message));

    private SceneMosaic? MosaicFor(uint sceneId)
    {
        if (_mosaics.TryGetValue(sceneId, out SceneMosaic? mosaic))
        {
            return mosaic;
        }

        if (_mosaics.Count >= GroundOutput.MaxMosaicScenes)
        {
            return null;
        }

        mosaic = new SceneMosaic();
        _mosaics[sceneId] = mosaic;
        return mosaic;
    }

    /// <summary>Class map tiles of one scene and its summary, to stitch on the ground.</summary>
    internal sealed class SceneMosaic
    {
        public List<(int X, int Y, int Width, int Height, uint[] Classes)> Tiles { get; } = [];

        public SceneSummaryDetail? Summary { get; set; }

        public uint[]? ClassPixelCounts { get; set; }
    }

    /// <summary>One received alert.</summary>
    internal sealed record AlertRecord(ProductHeader Header, AlertDetail Alert, DateTimeOffset ReceivedAt, string Name, byte[]? Thumbnail)
    {
        public double LatencyMs => (ReceivedAt - Header.CaptureTime).TotalMilliseconds;
    }
}
