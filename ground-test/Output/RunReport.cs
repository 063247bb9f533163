using System.Globalization;
using System.Net;
using System.Text;
using Payload.GroundTest.Imaging;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Output;

/// <summary>
/// Renders a run as one self-contained HTML page: summary, bandwidth saving, alert latency,
/// products (inline base64 PNG), housekeeping plots (inline SVG) and events. No external assets.
/// </summary>
internal static class RunReport
{
    /// <summary>Events listed in the report at most (all are in events.jsonl).</summary>
    public const int MaxReportEvents = 500;

    private const int PlotWidth = 640;
    private const int PlotHeight = 160;
    private const int PlotMargin = 40;

    public static string Render(string title, RunRecord run)
    {
        StringBuilder html = new();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
            .Append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
            .Append("th{background:#eee}td:first-child{text-align:left}figure{display:inline-block;margin:6px;font-size:small}img{image-rendering:pixelated;border:1px solid #999}")
            .Append("svg{background:#fafafa;border:1px solid #ccc}.swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-right:4px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        Summary(html, run);
        Bandwidth(html, run);
        AlertLatency(html, run);
        Products(html, run);
        Housekeeping(html, run);
        Events(html, run);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"summary\"><h2>Summary</h2><table>\n");
        Row(html, "run", run.RunName);
        foreach ((string label, string value) in run.Facts)
        {
            Row(html, label, value);
        }

        Row(html, "products received", N(run.ProductCount));
        foreach ((ProductKind kind, (int count, long bytes)) in run.ProductsByKind.OrderBy(k => k.Key))
        {
            Row(html, $"  {kind}", $"{N(count)} ({N(bytes)} octets)");
        }

        Row(html, "alerts", N(run.Alerts.Count));
        Row(html, "events", N(run.Events.Count));
        html.Append("</table></section>\n");
    }

    private static void Bandwidth(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"bandwidth\"><h2>Bandwidth saving</h2><table>\n");
        Row(html, "octets downlinked", N(run.DownlinkedBytes));
        Row(html, "raw imagery octets they replace", N(run.RawImageryBytes));
        Row(html, "saving", run.RawImageryBytes == 0 ? "-" : run.BandwidthSaving.ToString("P2", CultureInfo.InvariantCulture));
        Row(html, "reduction factor", run.DownlinkedBytes == 0 ? "-" : (run.RawImageryBytes / (double)run.DownlinkedBytes).ToString("F1", CultureInfo.InvariantCulture) + " x");
        html.Append("</table></section>\n");
    }

    private static void AlertLatency(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"alerts\"><h2>Alert latency</h2>\n");
        if (run.Alerts.Count == 0)
        {
            html.Append("<p>No alerts in this run.</p></section>\n");
            return;
        }

        var latencies = new AlertLatencies(run.Alerts.Select(a => (a.Header.CaptureTime, a.ReceivedAt)), run.Boots);
        html.Append("<p>Capture time carried in the alert → alert decoded on the ground, first arrivals only; nearest-rank percentiles ")
            .Append("over the alerts that did not wait for a flight restart.</p>\n<table>\n");
        Row(html, "alerts", N(latencies.Count));
        if (latencies.Count > 0)
        {
            Row(html, "latency min", Ms(latencies.Min));
            Row(html, "latency p50", Ms(latencies.P50));
            Row(html, "latency p95", Ms(latencies.P95));
            Row(html, "latency p99", Ms(latencies.P99));
            Row(html, "latency max", Ms(latencies.Max));
        }

        if (latencies.Caveat is string caveat)
        {
            Row(html, "note", caveat);
        }

        if (latencies.Restarts is string restarts)
        {
            Row(html, "across a restart", restarts);
        }

        html.Append("</table>\n<table><tr><th>scene</th><th>tile</th><th>x, y</th><th>class</th><th>area</th><th>confidence</th><th>latency</th><th>thumbnail</th></tr>\n");
        foreach (RunRecord.AlertRecord a in run.Alerts.Take(GroundOutput.MaxReportImages))
        {
            string name = a.Alert.ClassIndex < run.ClassNames.Count ? run.ClassNames[a.Alert.ClassIndex] : N(a.Alert.ClassIndex);
            html.Append("<tr><td>").Append(N(a.Header.SceneId)).Append("</td><td>").Append(N(a.Header.TileId))
                .Append("</td><td>").Append(N(a.Header.TileX)).Append(", ").Append(N(a.Header.TileY))
                .Append("</td><td>").Append(E(name)).Append("</td><td>").Append(a.Alert.AreaFraction.ToString("P1", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(a.Alert.Confidence.ToString("F3", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Ms(a.LatencyMs)).Append("</td><td>");
            if (a.Thumbnail is not null)
            {
                Image(html, a.Thumbnail, a.Name, 64);
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</table></section>\n");
    }

    private static void Products(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"products\"><h2>Products</h2>\n<p>");
        for (int k = 0; k < run.ClassNames.Count && k < 256; k++)
        {
            html.Append("<span class=\"swatch\" style=\"background:").Append(ClassPalette.Css(run.Palette, k)).Append("\"></span>").Append(E(run.ClassNames[k])).Append(" &nbsp; ");
        }

        html.Append("</p>\n");
        foreach ((uint sceneId, RunRecord.SceneMosaic mosaic) in run.Mosaics.OrderBy(m => m.Key))
        {
            byte[]? png = MosaicPng(mosaic, run.Palette);
            if (png is not null)
            {
                html.Append("<figure>");
                Image(html, png, $"scene {sceneId} class map", 256);
                html.Append("<figcaption>scene ").Append(N(sceneId)).Append(" class map, stitched from ").Append(N(mosaic.Tiles.Count)).Append(" tiles");
                if (mosaic.ClassPixelCounts is { } counts)
                {
                    long total = Math.Max(1, counts.Sum(c => (long)c));
                    html.Append("<br>");
                    for (int k = 0; k < counts.Length; k++)
                    {
                        string name = k < run.ClassNames.Count ? run.ClassNames[k] : N(k);
                        html.Append(E(name)).Append(' ').Append((counts[k] / (double)total).ToString("P1", CultureInfo.InvariantCulture)).Append(' ');
                    }
                }

                html.Append("</figcaption></figure>\n");
            }
        }

        foreach ((string name, byte[] image) in run.Images)
        {
            html.Append("<figure>");
            Image(html, image, name, 128);
            html.Append("<figcaption>").Append(E(name)).Append("</figcaption></figure>\n");
        }

        html.Append("</section>\n");
    }

    private static void Housekeeping(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"housekeeping\"><h2>Housekeeping</h2>\n");
        if (run.Housekeeping.Count == 0)
        {
            html.Append("<p>No housekeeping in this run.</p>\n");
        }

        foreach ((string channel, List<(DateTimeOffset Time, double Value)> series) in run.Housekeeping.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            html.Append("<h3>").Append(E(channel)).Append("</h3>\n").Append(Plot(series)).Append('\n');
        }

        html.Append("</section>\n");
    }

    private static void Events(StringBuilder html, RunRecord run)
    {
        html.Append("<section id=\"events\"><h2>Events</h2>\n<table><tr><th>time (UTC)</th><th>kind</th><th>message</th></tr>\n");
        foreach ((DateTimeOffset time, string kind, string message) in run.Events.Take(MaxReportEvents))
        {
            html.Append("<tr><td>").Append(GroundOutput.Timestamp(time)).Append("</td><td>").Append(E(kind)).Append("</td><td style=\"text-align:left\">").Append(E(message)).Append("</td></tr>\n");
        }

        html.Append("</table>");
        if (run.Events.Count > MaxReportEvents)
        {
            html.Append("<p>").Append(N(run.Events.Count - MaxReportEvents)).Append(" more in events.jsonl.</p>");
        }

        html.Append("</section>\n");
    }

    /// <summary>An inline SVG line plot of one series, time on x.</summary>
    internal static string Plot(IReadOnlyList<(DateTimeOffset Time, double Value)> series)
    {
        double t0 = series[0].Time.ToUnixTimeMilliseconds();
        double t1 = Math.Max(t0 + 1, series[^1].Time.ToUnixTimeMilliseconds());
        double lo = series.Min(p => p.Value);
        double hi = series.Max(p => p.Value);
        if (hi - lo < 1e-12)
        {
            (lo, hi) = (lo - 1, hi + 1);
        }

        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" viewBox=\"0 0 {PlotWidth} {PlotHeight}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"12\" font-size=\"10\">{hi:G5}</text><text x=\"2\" y=\"{PlotHeight - 4}\" font-size=\"10\">{lo:G5}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{PlotWidth - 90}\" y=\"{PlotHeight - 4}\" font-size=\"10\">{(t1 - t0) / 1000:F1} s</text>");
        svg.Append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"");
        foreach ((DateTimeOffset time, double value) in series)
        {
            double x = PlotMargin + ((time.ToUnixTimeMilliseconds() - t0) / (t1 - t0) * (PlotWidth - (2 * PlotMargin)));
            double y = PlotHeight - 10 - ((value - lo) / (hi - lo) * (PlotHeight - 24));
            svg.Append(CultureInfo.InvariantCulture, $"{x:F1},{y:F1} ");
        }

        svg.Append("\"/></svg>");
        return svg.ToString();
    }

    private static byte[]? MosaicPng(RunRecord.SceneMosaic mosaic, byte[] palette)
    {
        if (mosaic.Tiles.Count == 0)
        {
            return null;
        }

        int width = mosaic.Summary?.SceneWidth ?? mosaic.Tiles.Max(t => t.X + t.Width);
        int height = mosaic.Summary?.SceneHeight ?? mosaic.Tiles.Max(t => t.Y + t.Height);
        int classes = palette.Length / 3;
        byte[] pixels = new byte[width * height];
        foreach ((int x0, int y0, int w, int h, uint[] c) in mosaic.Tiles)
        {
            for (int y = 0; y < h && y0 + y < height; y++)
            {
                for (int x = 0; x < w && x0 + x < width; x++)
                {
                    pixels[((y0 + y) * width) + x0 + x] = (byte)Math.Min(c[(y * w) + x], (uint)(classes - 1));
                }
            }
        }

        return PngEncoder.Encode(width, height, PngColorType.Indexed, pixels, palette);
    }

    // Scales the image so its longer side is `box` pixels (the size comes from the IHDR at octets 16..23).
    private static void Image(StringBuilder html, byte[] png, string alt, int box)
    {
        int width = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16));
        int height = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20));
        string size = width >= height ? $"width=\"{box}\"" : $"height=\"{box}\"";
        html.Append("<img ").Append(size).Append(" alt=\"").Append(E(alt)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
    }

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append("<tr><td>").Append(E(label)).Append("</td><td>").Append(E(value)).Append("</td></tr>\n");

    private static string Ms(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string N<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
