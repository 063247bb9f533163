using System.Text.Json;
using Payload.GroundTest.Tests.Imaging;
using Payload.Hal.Imaging;

namespace Payload.GroundTest.Tests.Commands;

public class RunCommandTests
{
    [Test]
    public void With_default_options_it_runs_the_default_model_over_synthetic_scenes_and_prints_their_products()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke("run", "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("payload-landcover").And.Contain("synthetic-1").And.Contain("synthetic-2"));
        Assert.That(output, Does.Contain("land").And.Contain("water").And.Contain("vegetation").And.Contain("cloud"));
        Assert.That(output, Does.Contain("18 tiles"));
    }

    [Test]
    public void Scenes_seed_and_size_choose_what_is_imaged()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "3", "--seed", "40", "--size", "96", "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("synthetic-40").And.Contain("synthetic-41").And.Contain("synthetic-42"));
        Assert.That(output, Does.Not.Contain("synthetic-43"));
        Assert.That(output, Does.Contain("3 tiles"), "one 96 x 96 scene fits one 256 tile");
    }

    [Test]
    public void A_missing_model_is_an_error_naming_the_file()
    {
        string missing = Path.Combine(Path.GetTempPath(), "payload-missing-model.onnx");

        (int code, _, string error) = GroundTestCli.Invoke("run", "--model", missing, "--size", "32");

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(missing));
    }

    [TestCase("--scenes", "0")]
    [TestCase("--size", "-4")]
    [TestCase("--quicklook-factor", "0")]
    [TestCase("--alert", "lava=0.5")]
    [TestCase("--alert", "water=1.5")]
    public void Nonsense_counts_are_refused(string option, string value)
    {
        (int code, _, string error) = GroundTestCli.Invoke("run", option, value);

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(value));
    }

    [Test]
    public void Products_cross_the_downlink_and_land_in_the_run_folder_with_a_report()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke(
            "run", "--scenes", "1", "--seed", "7", "--size", "96", "--out", temp.Path, "--run", "tiny", "--alert", "land=0.01", "--quicklook-factor", "4");

        Assert.That(code, Is.Zero, error);
        string run = Path.Combine(temp.Path, "tiny");
        Assert.That(output, Does.Contain("tiles        1 of 1 received, 0 lost, 0 duplicated"));
        Assert.That(output, Does.Contain("0 rejected").And.Contain("saved").And.Contain(run));

        string[] products = [.. Directory.GetFiles(Path.Combine(run, "products")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.That(products, Is.EqualTo(new[] { "s000001-scene-quicklook.npy", "s000001-scene-summary.npy", "s000001-t0000-alert.npy", "s000001-t0000-classmap.npy", "s000001-t0000-confidence.npy" }));
        NpyArray classMap = NpyFile.Read(Path.Combine(run, "products", "s000001-t0000-classmap.npy"));
        Assert.That(classMap.Shape, Is.EqualTo(new[] { 96, 96 }));
        Assert.That(classMap.Data.Max(), Is.LessThan(4));
        NpyArray summary = NpyFile.Read(Path.Combine(run, "products", "s000001-scene-summary.npy"));
        Assert.That(summary.AsSpan<long>().ToArray().Sum(), Is.EqualTo(96 * 96), "every pixel counted once");

        PngImage quicklook = PngReader.Read(File.ReadAllBytes(Path.Combine(run, "png", "s000001-scene-quicklook.png")));
        Assert.That((quicklook.Width, quicklook.Height), Is.EqualTo((24, 24)));
        PngImage map = PngReader.Read(File.ReadAllBytes(Path.Combine(run, "png", "s000001-t0000-classmap.png")));
        Assert.That(map.Pixels, Is.EqualTo(classMap.Data));

        string[] alerts = File.ReadAllLines(Path.Combine(run, "alerts.jsonl"));
        Assert.That(alerts, Has.Length.EqualTo(1));
        JsonElement alert = JsonDocument.Parse(alerts[0]).RootElement;
        Assert.That(alert.GetProperty("className").GetString(), Is.EqualTo("land"));
        Assert.That(alert.GetProperty("latencyMs").GetDouble(), Is.GreaterThanOrEqualTo(0));

        Assert.That(File.ReadAllLines(Path.Combine(run, "housekeeping.csv"))[0], Is.EqualTo("time_utc,channel,value"));
        Assert.That(File.ReadAllLines(Path.Combine(run, "housekeeping.csv")), Has.Length.EqualTo(4));
        Assert.That(File.ReadAllLines(Path.Combine(run, "events.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()), Is.SupersetOf(new[] { "run", "scene", "alert" }));

        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("<section id=\"bandwidth\">").And.Contain("raw imagery octets they replace").And.Contain("55296"), "96 x 96 pixels x 4 bands x 12 bits");
        Assert.That(html, Does.Contain("data:image/png;base64,").And.Contain("<polyline"));
    }
}
