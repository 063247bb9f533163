using System.Globalization;
using System.Text;
using System.Text.Json;
using Payload.GroundTest.Imaging;
using Payload.Hal.Imaging;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Output;

/// <summary>
/// Lays out one ground run under <c>BASE/RUN/</c>: <c>products/</c> (every decoded product as
/// <c>.npy</c>), <c>png/</c> (class maps coloured by class, quicklooks, alert thumbnails),
/// <c>alerts.jsonl</c>, <c>products.jsonl</c> (one line per product: where it sits in its scene and its files),
/// <c>housekeeping.csv</c>, <c>events.jsonl</c> and, on
/// <see cref="WriteReport"/>, a self-contained <c>report.html</c>. Records are written as they
/// arrive (files flushed per record), so a live run can feed it; calls may come from any thread.
/// </summary>
internal sealed class GroundOutput : IDisposable
{
    /// <summary>Product images embedded in the report at most (the rest are in png/).</summary>
    public const int MaxReportImages = 24;

    /// <summary>Scenes whose class map tiles are kept to draw a mosaic in the report.</summary>
    public const int MaxMosaicScenes = 8;

    private readonly Lock _lock = new();
    private readonly byte[] _palette;
    private readonly StreamWriter _housekeeping;
    private readonly StreamWriter _events;
    private readonly StreamWriter _alerts;
    private readonly StreamWriter _productIndex;
    private readonly RunRecord _record;

    private GroundOutput(string runFolder, string runName, IReadOnlyList<string> classNames)
    {
        RunFolder = runFolder;
        ClassNames = classNames;
        _palette = classNames.Count == 0 ? ClassPalette.For(1) : ClassPalette.For(classNames);
        _record = new RunRecord(runName, _palette, classNames);
        Directory.CreateDirectory(ProductsFolder);
        Directory.CreateDirectory(PngFolder);
        _housekeeping = OpenText(HousekeepingPath);
        _housekeeping.WriteLine("time_utc,channel,value");
        _events = OpenText(EventsPath);
        _alerts = OpenText(AlertsPath);
        _productIndex = OpenText(ProductIndexPath);
    }

    /// <summary>The run's folder.</summary>
    public string RunFolder { get; }

    /// <summary>Class names, indexed by class value (for colours, alert names and the report).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public string ProductsFolder => Path.Combine(RunFolder, "products");

    public string PngFolder => Path.Combine(RunFolder, "png");

    public string HousekeepingPath => Path.Combine(RunFolder, "housekeeping.csv");

    public string EventsPath => Path.Combine(RunFolder, "events.jsonl");

    public string AlertsPath => Path.Combine(RunFolder, "alerts.jsonl");

    public string ReportPath => Path.Combine(RunFolder, "report.html");

    /// <summary>One JSON line per product received, for tools that read the run back (the dashboard).</summary>
    public string ProductIndexPath => Path.Combine(RunFolder, "products.jsonl");

    /// <summary>Figures gathered so far.</summary>
    public RunRecord Record => _record;

    /// <summary>Creates <c><paramref name="baseFolder"/>/<paramref name="runName"/>/</c> and its files.</summary>
    /// <exception cref="ArgumentException">The run name is empty or not a plain folder name.</exception>
    public static GroundOutput Create(string baseFolder, string runName, IReadOnlyList<string> classNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runName);
        ArgumentNullException.ThrowIfNull(classNames);
        if (runName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runName is "." or "..")
        {
            throw new ArgumentException($"Run name '{runName}' is not a plain folder name.", nameof(runName));
        }

        return new GroundOutput(Path.Combine(Path.GetFullPath(baseFolder), runName), runName, classNames);
    }

    /// <summary>A run name from the time: <c>run-yyyyMMdd-HHmmss</c> (UTC).</summary>
    public static string RunNameFor(DateTimeOffset time) => "run-" + time.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>Writes a decoded product (npy, png where it is an image, an alert line) and records it for the report.</summary>
    public void AddProduct(DecodedProduct product, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(product);
        string name = ProductName(product.Header);
        NpyFile.Write(Path.Combine(ProductsFolder, name + ".npy"), ToNpy(product));
        byte[]? png = ProductPng.Encode(product, _palette);
        lock (_lock)
        {
            if (png is not null)
            {
                File.WriteAllBytes(Path.Combine(PngFolder, name + ".png"), png);
            }

            _record.AddProduct(product, name, png, receivedAt);
            WriteProductLine(product.Header, receivedAt, name, png is not null);
            if (product.Alert is { } alert)
            {
                WriteAlertLine(product.Header, alert, receivedAt, name);
            }
        }
    }

    /// <summary>A BOOTED event was received at <paramref name="receivedAt"/>: alerts captured before it and decoded after it waited for a restart.</summary>
    public void AddBoot(DateTimeOffset receivedAt)
    {
        lock (_lock)
        {
            _record.AddBoot(receivedAt);
        }
    }

    /// <summary>Appends one housekeeping reading to housekeeping.csv.</summary>
    public void AddHousekeeping(DateTimeOffset time, string channel, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (channel.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new ArgumentException($"Housekeeping channel '{channel}' contains a CSV separator, quote or line break.", nameof(channel));
        }

        lock (_lock)
        {
            _housekeeping.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Timestamp(time)},{channel},{value:R}"));
            _housekeeping.Flush();
            _record.AddHousekeeping(time, channel, value);
        }
    }

    /// <summary>Appends one event to events.jsonl.</summary>
    public void AddEvent(DateTimeOffset time, string kind, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            _events.WriteLine(JsonObjectText.Write(json =>
            {
                json.WriteString("time", Timestamp(time));
                json.WriteString("kind", kind);
                json.WriteString("message", message);
            }));
            _events.Flush();
            _record.AddEvent(time, kind, message);
        }
    }

    /// <summary>Counts octets that went over the link (CADUs, or whatever the bench measures).</summary>
    public void AddDownlinkedBytes(long octets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(octets);
        lock (_lock)
        {
            _record.DownlinkedBytes += octets;
        }
    }

    /// <summary>Counts octets of raw imagery the products stand for (what would have been downlinked without the payload).</summary>
    public void AddRawImageryBytes(long octets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(octets);
        lock (_lock)
        {
            _record.RawImageryBytes += octets;
        }
    }

    /// <summary>Writes report.html from everything recorded so far; returns its path.</summary>
    public string WriteReport(string title)
    {
        lock (_lock)
        {
            _housekeeping.Flush();
            _events.Flush();
            _alerts.Flush();
            _productIndex.Flush();
            File.WriteAllText(ReportPath, RunReport.Render(title, _record), Encoding.UTF8);
            return ReportPath;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _housekeeping.Dispose();
            _events.Dispose();
            _alerts.Dispose();
            _productIndex.Dispose();
        }
    }

    /// <summary>File name stem of a product: <c>sNNNNNN-tNNNN-kind</c> (<c>scene</c> for whole-scene products).</summary>
    public static string ProductName(in ProductHeader header)
    {
        string tile = header.TileId == ProductHeader.WholeScene ? "scene" : string.Create(CultureInfo.InvariantCulture, $"t{header.TileId:D4}");
        string kind = header.Kind switch
        {
            ProductKind.ClassMap => "classmap",
            ProductKind.ConfidenceMap => "confidence",
            ProductKind.QuicklookRgb => "quicklook",
            ProductKind.Alert => "alert",
            ProductKind.SceneSummary => "summary",
            _ => "product",
        };
        return string.Create(CultureInfo.InvariantCulture, $"s{header.SceneId:D6}-{tile}-{kind}");
    }

    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private void WriteAlertLine(in ProductHeader header, AlertDetail alert, DateTimeOffset receivedAt, string name)
    {
        ProductHeader h = header;
        string className = alert.ClassIndex < ClassNames.Count ? ClassNames[alert.ClassIndex] : alert.ClassIndex.ToString(CultureInfo.InvariantCulture);
        _alerts.WriteLine(JsonObjectText.Write(json =>
        {
            json.WriteNumber("sceneId", h.SceneId);
            json.WriteNumber("tileId", h.TileId);
            json.WriteNumber("tileRow", h.TileRow);
            json.WriteNumber("tileColumn", h.TileColumn);
            json.WriteNumber("x", h.TileX);
            json.WriteNumber("y", h.TileY);
            json.WriteNumber("width", alert.TileWidth);
            json.WriteNumber("height", alert.TileHeight);
            json.WriteNumber("class", alert.ClassIndex);
            json.WriteString("className", className);
            json.WriteNumber("areaFraction", Math.Round(alert.AreaFraction, 5));
            json.WriteNumber("confidence", Math.Round(alert.Confidence, 5));
            json.WriteString("captureTime", Timestamp(h.CaptureTime));
            json.WriteString("receivedTime", Timestamp(receivedAt));
            json.WriteNumber("latencyMs", Math.Round((receivedAt - h.CaptureTime).TotalMilliseconds, 3));
            json.WriteString("thumbnail", $"png/{name}.png");
        }));
        _alerts.Flush();
    }

    private void WriteProductLine(in ProductHeader header, DateTimeOffset receivedAt, string name, bool hasPng)
    {
        ProductHeader h = header;
        _productIndex.WriteLine(JsonObjectText.Write(json =>
        {
            json.WriteString("name", name);
            json.WriteString("kind", h.Kind.ToString());
            json.WriteNumber("sceneId", h.SceneId);
            json.WriteNumber("tileId", h.TileId);
            json.WriteNumber("x", h.TileX);
            json.WriteNumber("y", h.TileY);
            json.WriteNumber("width", h.Width);
            json.WriteNumber("height", h.Height);
            json.WriteNumber("bands", h.Bands);
            json.WriteString("captureTime", Timestamp(h.CaptureTime));
            json.WriteString("receivedTime", Timestamp(receivedAt));
            json.WriteString("npy", $"products/{name}.npy");
            if (hasPng)
            {
                json.WriteString("png", $"png/{name}.png");
            }
        }));
        _productIndex.Flush();
    }
    private static StreamWriter OpenText(string path) => new(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };

    private static NpyArray ToNpy(DecodedProduct product)
    {
        ProductHeader h = product.Header;
        int[] shape = h.Kind == ProductKind.SceneSummary ? [h.Width]
            : h.Bands == 1 ? [h.Height, h.Width]
            : [h.Bands, h.Height, h.Width];
        uint[] samples = product.Samples;
        if (h.BitsPerSample <= 8)
        {
            byte[] bytes = new byte[samples.Length];
            for (int i = 0; i < samples.Length; i++)
            {
                bytes[i] = (byte)samples[i];
            }

            return NpyArray.FromUInt8(shape, bytes);
        }

        if (h.BitsPerSample <= 16)
        {
            ushort[] words = new ushort[samples.Length];
            for (int i = 0; i < samples.Length; i++)
            {
                words[i] = (ushort)samples[i];
            }

            return NpyArray.FromUInt16(shape, words);
        }

        long[] wide = new long[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            wide[i] = samples[i];
        }

        return NpyArray.FromInt64(shape, wide);
    }
}
