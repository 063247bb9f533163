using System.Text.Json;
using Payload.GroundTest.Dashboard;
using Payload.GroundTest.Tests.Commands;

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
