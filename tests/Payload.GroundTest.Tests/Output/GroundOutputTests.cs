using System.Text.Json;
using Payload.GroundTest.Imaging;
using Payload.GroundTest.Output;
using Payload.GroundTest.Tests.Commands;
using Payload.GroundTest.Tests.Imaging;
using Payload.Hal.Imaging;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Output;

[TestFixture]
public sealed class GroundOutputTests
{
    private static readonly string[] Classes = ["water", "vegetation", "land", "cloud"];
    private static readonly DateTimeOffset Captured = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private TempFolder _temp = null!;
    private GroundOutput _output = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempFolder();
        _output = GroundOutput.Create(_temp.Path, "run-test", Classes);
    }

    [TearDown]
    public void TearDown()
    {
        _output.Dispose();
        _temp.Dispose();
    }

    [Test]
    public void Run_folder_holds_the_documented_layout()
    {
        _output.WriteReport("test run");

        string run = Path.Combine(_temp.Path, "run-test");
        Assert.That(Directory.Exists(Path.Combine(run, "products")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(run, "png")), Is.True);
        Assert.That(Directory.GetFiles(run).Select(Path.GetFileName), Is.EquivalentTo(new[] { "housekeeping.csv", "events.jsonl", "alerts.jsonl", "products.jsonl", "report.html" }));
    }

    [Test]
    public void Product_index_has_a_line_per_product_with_its_place_in_the_scene_and_its_files()
    {
        _output.AddProduct(Decode(Header(ProductKind.ClassMap, 3, 2, 1, 2), [0, 1, 2, 3, 3, 2]), Captured.AddSeconds(2));
        _output.AddProduct(Decode(Header(ProductKind.ConfidenceMap, 2, 1, 1, 12), [0xFF, 0x0F, 0x00, 0x08]), Captured.AddSeconds(3));

        string[] lines = File.ReadAllLines(_output.ProductIndexPath);
        Assert.That(lines, Has.Length.EqualTo(2));
        JsonElement first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("s000042-t0005-classmap"));
        Assert.That(first.GetProperty("kind").GetString(), Is.EqualTo("ClassMap"));
        Assert.That((first.GetProperty("x").GetInt32(), first.GetProperty("y").GetInt32()), Is.EqualTo((512, 256)));
        Assert.That((first.GetProperty("width").GetInt32(), first.GetProperty("height").GetInt32()), Is.EqualTo((3, 2)));
        Assert.That(first.GetProperty("receivedTime").GetString(), Is.EqualTo("2026-11-22T00:00:02.000000Z"));
        Assert.That(File.Exists(Path.Combine(_output.RunFolder, first.GetProperty("png").GetString()!)), Is.True);
        Assert.That(File.Exists(Path.Combine(_output.RunFolder, first.GetProperty("npy").GetString()!)), Is.True);
        Assert.That(JsonDocument.Parse(lines[1]).RootElement.GetProperty("kind").GetString(), Is.EqualTo("ConfidenceMap"));
    }

    [Test]
    public void Class_map_becomes_an_npy_of_its_classes_and_a_png_coloured_by_class()
    {
        byte[] classes = [0, 1, 2, 3, 3, 2];
        _output.AddProduct(Decode(Header(ProductKind.ClassMap, 3, 2, 1, 2), classes), Captured);

        NpyArray npy = NpyFile.Read(Path.Combine(_output.ProductsFolder, "s000042-t0005-classmap.npy"));
        Assert.That(npy.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(npy.Data, Is.EqualTo(classes));
        PngImage png = PngReader.Read(File.ReadAllBytes(Path.Combine(_output.PngFolder, "s000042-t0005-classmap.png")));
        Assert.That(png.ColorType, Is.EqualTo(PngColorType.Indexed));
        Assert.That(png.Pixels, Is.EqualTo(classes));
        Assert.That(png.Palette, Is.EqualTo(ClassPalette.For(Classes)));
    }

    [Test]
    public void Quicklook_becomes_an_rgb_png_with_its_planes_interleaved()
    {
        byte[] planes = [10, 11, 20, 21, 30, 31];
        _output.AddProduct(Decode(Header(ProductKind.QuicklookRgb, 2, 1, 3, 8), planes), Captured);

        PngImage png = PngReader.Read(File.ReadAllBytes(Path.Combine(_output.PngFolder, "s000042-t0005-quicklook.png")));
        Assert.That(png.Pixels, Is.EqualTo(new byte[] { 10, 20, 30, 11, 21, 31 }));
        NpyArray npy = NpyFile.Read(Path.Combine(_output.ProductsFolder, "s000042-t0005-quicklook.npy"));
        Assert.That(npy.Shape, Is.EqualTo(new[] { 3, 1, 2 }));
    }

    [Test]
    public void Confidence_map_of_12_bits_is_kept_as_uint16()
    {
        byte[] raw = [0xFF, 0x0F, 0x00, 0x08];
        _output.AddProduct(Decode(Header(ProductKind.ConfidenceMap, 2, 1, 1, 12), raw), Captured);

        NpyArray npy = NpyFile.Read(Path.Combine(_output.ProductsFolder, "s000042-t0005-confidence.npy"));
        Assert.That(npy.DataType, Is.EqualTo(NpyDataType.UInt16));
        Assert.That(npy.AsSpan<ushort>().ToArray(), Is.EqualTo(new ushort[] { 4095, 2048 }));
    }

    [Test]
    public void Alert_is_a_json_line_with_its_place_class_and_latency()
    {
        ProductHeader header = Header(ProductKind.Alert, 2, 2, 1, 8);
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.EncodeAlert(header, new AlertDetail(3, 0.5, 0.75, 256, 128), [1, 2, 3, 4], buffer);
        _output.AddProduct(new ProductDecoder().Decode(buffer.AsSpan(0, length)), Captured.AddMilliseconds(250));

        string[] lines = File.ReadAllLines(_output.AlertsPath);
        Assert.That(lines, Has.Length.EqualTo(1));
        JsonElement alert = JsonDocument.Parse(lines[0]).RootElement;
        Assert.That(alert.GetProperty("sceneId").GetUInt32(), Is.EqualTo(42));
        Assert.That(alert.GetProperty("tileId").GetInt32(), Is.EqualTo(5));
        Assert.That((alert.GetProperty("x").GetInt32(), alert.GetProperty("y").GetInt32()), Is.EqualTo((512, 256)));
        Assert.That((alert.GetProperty("width").GetInt32(), alert.GetProperty("height").GetInt32()), Is.EqualTo((256, 128)));
        Assert.That(alert.GetProperty("className").GetString(), Is.EqualTo("cloud"));
        Assert.That(alert.GetProperty("areaFraction").GetDouble(), Is.EqualTo(0.5).Within(1e-4));
        Assert.That(alert.GetProperty("latencyMs").GetDouble(), Is.EqualTo(250).Within(0.01));
        Assert.That(File.Exists(Path.Combine(_output.RunFolder, alert.GetProperty("thumbnail").GetString()!)), Is.True);
    }

    [Test]
    public void Scene_summary_is_kept_as_int64_counts()
    {
        uint[] counts = [3_000_000_000, 7, 0, 1];
        ProductHeader header = Header(ProductKind.SceneSummary, 4, 1, 1, 32) with { TileId = ProductHeader.WholeScene };
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.EncodeSceneSummary(header, new SceneSummaryDetail(6, 4, 1, 0.9, 0.8), counts, buffer);
        _output.AddProduct(new ProductDecoder().Decode(buffer.AsSpan(0, length)), Captured);

        NpyArray npy = NpyFile.Read(Path.Combine(_output.ProductsFolder, "s000042-scene-summary.npy"));
        Assert.That(npy.AsSpan<long>().ToArray(), Is.EqualTo(new long[] { 3_000_000_000, 7, 0, 1 }));
    }

    [Test]
    public void Housekeeping_is_one_csv_row_per_reading()
    {
        _output.AddHousekeeping(Captured, "board.temperature_c", 21.5);
        _output.AddHousekeeping(Captured.AddSeconds(1), "rail.3v3.current_a", 0.125);

        Assert.That(File.ReadAllLines(_output.HousekeepingPath), Is.EqualTo(new[]
        {
            "time_utc,channel,value",
            "2026-11-22T00:00:00.000000Z,board.temperature_c,21.5",
            "2026-11-22T00:00:01.000000Z,rail.3v3.current_a,0.125",
        }));
    }

    [Test]
    public void Housekeeping_channel_with_a_comma_is_refused() =>
        Assert.That(() => _output.AddHousekeeping(Captured, "a,b", 1), Throws.ArgumentException.With.Message.Contains("a,b"));

    [Test]
    public void Events_are_json_lines_with_time_kind_and_message()
    {
        _output.AddEvent(Captured, "mode", "safe -> imaging");
        _output.AddEvent(Captured.AddSeconds(2), "link", "frame gap \"3\"");

        string[] lines = File.ReadAllLines(_output.EventsPath);
        Assert.That(lines, Has.Length.EqualTo(2));
        JsonElement second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.That(second.GetProperty("time").GetString(), Is.EqualTo("2026-11-22T00:00:02.000000Z"));
        Assert.That(second.GetProperty("kind").GetString(), Is.EqualTo("link"));
        Assert.That(second.GetProperty("message").GetString(), Is.EqualTo("frame gap \"3\""));
    }

    [Test]
    public void Report_is_self_contained_with_every_section_images_and_plots()
    {
        _output.AddProduct(Decode(Header(ProductKind.ClassMap, 3, 2, 1, 2), [0, 1, 2, 3, 3, 2]), Captured);
        _output.AddProduct(Decode(Header(ProductKind.QuicklookRgb, 2, 1, 3, 8), [10, 11, 20, 21, 30, 31]), Captured);
        _output.AddHousekeeping(Captured, "board.temperature_c", 21.5);
        _output.AddHousekeeping(Captured.AddSeconds(1), "board.temperature_c", 23.0);
        _output.AddEvent(Captured, "mode", "<safe> & sound");
        _output.AddDownlinkedBytes(1_000);
        _output.AddRawImageryBytes(20_000);

        string html = File.ReadAllText(_output.WriteReport("bench <run>"));

        foreach (string section in new[] { "summary", "bandwidth", "alerts", "products", "housekeeping", "events" })
        {
            Assert.That(html, Does.Contain($"<section id=\"{section}\">"), section);
        }

        Assert.That(html, Does.Contain("95.00 %"), "saving = 1 - 1000 / 20000");
        Assert.That(html, Does.Contain("20.0 x"));
        Assert.That(html, Does.Contain("data:image/png;base64,"));
        Assert.That(html, Does.Contain("<svg").And.Contain("<polyline"));
        Assert.That(html, Does.Contain("&lt;safe&gt; &amp; sound").And.Contain("bench &lt;run&gt;"));
        Assert.That(html, Does.Not.Contain("src=\"http").And.Not.Contain("href=").And.Not.Contain("<script src"));
    }

    [Test]
    public void Report_embeds_a_png_that_decodes()
    {
        _output.AddProduct(Decode(Header(ProductKind.QuicklookRgb, 2, 1, 3, 8), [10, 11, 20, 21, 30, 31]), Captured);

        string html = File.ReadAllText(_output.WriteReport("run"));

        string marker = "data:image/png;base64,";
        int start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        string base64 = html[start..html.IndexOf('"', start)];
        Assert.That(PngReader.Read(Convert.FromBase64String(base64)).Pixels, Is.EqualTo(new byte[] { 10, 20, 30, 11, 21, 31 }));
    }

    [TestCase("")]
    [TestCase("..")]
    [TestCase("a/b")]
    public void Run_name_that_is_not_a_plain_folder_name_is_refused(string name) =>
        Assert.That(() => GroundOutput.Create(_temp.Path, name, Classes), Throws.ArgumentException);

    private static ProductHeader Header(ProductKind kind, int width, int height, int bands, int bits) => new()
    {
        Kind = kind,
        SceneId = 42,
        TileId = 5,
        TileRow = 1,
        TileColumn = 2,
        TileX = 512,
        TileY = 256,
        Width = (ushort)width,
        Height = (ushort)height,
        Bands = (byte)bands,
        BitsPerSample = (byte)bits,
        CaptureTime = Captured,
        ModelHash = 7,
    };

    private static DecodedProduct Decode(ProductHeader header, byte[] samples)
    {
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.Encode(header, samples, buffer);
        return new ProductDecoder().Decode(buffer.AsSpan(0, length));
    }
}
