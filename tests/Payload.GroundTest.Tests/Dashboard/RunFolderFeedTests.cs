using System.Text.Json;
using Payload.GroundTest.Dashboard;
using Payload.GroundTest.Output;
using Payload.GroundTest.Tests.Commands;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Dashboard;

public sealed class RunFolderFeedTests
{
    private static SimulatedRunFolder Run => SimulatedRunFolder.Shared;

    [Test]
    public void Finished_run_brings_its_housekeeping_events_and_product_images()
    {
        DashboardState state = new();

        RunFolderFeed.Load(Run.Path, state);

        using DashboardSubscription subscription = state.Subscribe();
        string[] channels = [.. subscription.Snapshot.Where(m => m.Event == "hk").Select(m => JsonDocument.Parse(m.Data).RootElement.GetProperty("channel").GetString()!)];
        string[] csvChannels = [.. File.ReadLines(Run.File("housekeeping.csv")).Skip(1).Select(l => l.Split(',')[1]).Distinct()];
        Assert.That(channels, Is.EquivalentTo(csvChannels));
        Assert.That(subscription.Snapshot.Count(m => m.Event == "event"), Is.EqualTo(File.ReadLines(Run.File("events.jsonl")).Count()));
        Assert.That(state.Status("source"), Is.EqualTo("finished run dash"));

        string[] imaged = [.. File.ReadLines(Run.File("products.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(p => p.TryGetProperty("png", out _) && p.GetProperty("kind").GetString() != "Alert").Select(p => p.GetProperty("name").GetString()!)];
        Assert.That(imaged, Is.Not.Empty);
        foreach (string name in imaged)
        {
            Assert.That(state.Product(name)?.Png, Is.EqualTo(File.ReadAllBytes(Run.File($"png/{name}.png"))), name);
        }
    }

    [Test]
    public void Alert_of_a_finished_run_comes_with_its_class_latency_and_thumbnail()
    {
        using TempFolder folder = new();
        DateTimeOffset captured = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        ProductHeader header = new()
        {
            Kind = ProductKind.Alert, SceneId = 3, TileId = 9, TileX = 256, TileY = 512, Width = 2, Height = 2, Bands = 1, BitsPerSample = 8,
            CaptureTime = captured, ModelHash = 1,
        };
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.EncodeAlert(header, new AlertDetail(1, 0.625, 0.9, 256, 256), [10, 200, 30, 90], buffer);
        using (GroundOutput output = GroundOutput.Create(folder.Path, "alerted", ["land", "water"]))
        {
            output.AddProduct(new ProductDecoder().Decode(buffer.AsSpan(0, length)), captured.AddMilliseconds(420));
        }

        DashboardState state = new();
        RunFolderFeed.Load(folder.File("alerted"), state);

        using DashboardSubscription subscription = state.Subscribe();
        JsonElement alert = JsonDocument.Parse(subscription.Snapshot.Single(m => m.Event == "alert").Data).RootElement;
        Assert.That(alert.GetProperty("className").GetString(), Is.EqualTo("water"));
        Assert.That(alert.GetProperty("latencyMs").GetDouble(), Is.EqualTo(420).Within(0.01));
        Assert.That((alert.GetProperty("x").GetInt32(), alert.GetProperty("y").GetInt32()), Is.EqualTo((256, 512)));
        string thumbnail = alert.GetProperty("thumbnail").GetString()!;
        Assert.That(thumbnail, Is.EqualTo("s000003-t0009-alert"));
        Assert.That(state.Product(thumbnail)?.Png, Is.EqualTo(File.ReadAllBytes(folder.File($"alerted/png/{thumbnail}.png"))));
    }

    [Test]
    public void Missing_folder_is_refused_by_name()
    {
        string missing = Path.Combine(Path.GetTempPath(), "payload-no-such-run");

        Assert.That(() => RunFolderFeed.Load(missing, new DashboardState()), Throws.TypeOf<RunFolderException>().With.Message.Contain(missing));
    }

    [Test]
    public void Folder_without_any_run_file_is_not_a_run_folder()
    {
        using TempFolder empty = new();

        Assert.That(() => RunFolderFeed.Load(empty.Path, new DashboardState()), Throws.TypeOf<RunFolderException>().With.Message.Contain("not a run folder"));
    }

    [TestCase("2026-11-22T00:00:00Z,UPTIME")]
    [TestCase("2026-11-22T00:00:00Z,UPTIME,warm")]
    [TestCase("yesterday,UPTIME,1")]
    [TestCase("2026-11-22T00:00:00Z,,1")]
    public void Bad_housekeeping_line_names_the_file_line_and_text(string line)
    {
        using TempFolder folder = new();
        File.WriteAllLines(folder.File("housekeeping.csv"), ["time_utc,channel,value", "2026-11-22T00:00:00Z,UPTIME,1", line]);

        Assert.That(() => RunFolderFeed.Load(folder.Path, new DashboardState()),
            Throws.TypeOf<RunFolderException>().With.Message.Contain("housekeeping.csv:3").And.Message.Contain(line));
    }

    [Test]
    public void Housekeeping_with_another_header_is_refused()
    {
        using TempFolder folder = new();
        File.WriteAllLines(folder.File("housekeeping.csv"), ["when,what,value"]);

        Assert.That(() => RunFolderFeed.Load(folder.Path, new DashboardState()),
            Throws.TypeOf<RunFolderException>().With.Message.Contain("'when,what,value'").And.Message.Contain("time_utc,channel,value"));
    }

    [TestCase("{\"time\":\"2026-11-22T00:00:00Z\",\"kind\":\"run\"", "not a JSON object")]
    [TestCase("[1,2]", "found Array")]
    [TestCase("{\"time\":\"2026-11-22T00:00:00Z\",\"kind\":\"run\"}", "'message'")]
    [TestCase("{\"time\":42,\"kind\":\"run\",\"message\":\"x\"}", "'time'")]
    public void Bad_event_line_names_the_file_line_and_field(string line, string expected)
    {
        using TempFolder folder = new();
        File.WriteAllLines(folder.File("events.jsonl"), [line]);

        Assert.That(() => RunFolderFeed.Load(folder.Path, new DashboardState()),
            Throws.TypeOf<RunFolderException>().With.Message.Contain("events.jsonl:1").And.Message.Contain(expected));
    }

    [Test]
    public void Product_image_outside_the_run_folder_is_refused()
    {
        using TempFolder folder = new();
        File.WriteAllLines(folder.File("products.jsonl"),
            ["""{"name":"s000001-t0000-classmap","kind":"ClassMap","sceneId":1,"tileId":0,"x":0,"y":0,"width":2,"height":2,"receivedTime":"2026-11-22T00:00:00Z","png":"../../etc/passwd"}"""]);

        Assert.That(() => RunFolderFeed.Load(folder.Path, new DashboardState()),
            Throws.TypeOf<RunFolderException>().With.Message.Contain("products.jsonl:1").And.Message.Contain("../../etc/passwd"));
    }

    [Test]
    public void Dashboard_command_on_a_missing_folder_says_so_and_fails()
    {
        string missing = Path.Combine(Path.GetTempPath(), "payload-no-such-run");

        (int code, _, string error) = GroundTestCli.Invoke("dashboard", "--in", missing);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(missing));
    }

    [TestCase("-1")]
    [TestCase("70000")]
    public void Dashboard_command_refuses_a_port_outside_0_to_65535(string port)
    {
        (int code, _, string error) = GroundTestCli.Invoke("dashboard", "--in", Run.Path, "--port", port);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(port));
    }
}
