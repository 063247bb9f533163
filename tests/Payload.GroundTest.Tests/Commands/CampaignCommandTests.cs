using System.Text.Json;
using System.Xml.Linq;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Commands;

[NonParallelizable]
public class CampaignCommandTests
{
    private TempFolder _folder = null!;
    private string _spec = null!;

    [SetUp]
    public void WriteSpec()
    {
        _folder = new TempFolder();
        string models = Path.Combine(RepositoryPaths.Root, "inference", "models", "default");
        _spec = _folder.File("spec.json");
        File.WriteAllText(_spec, JsonSerializer.Serialize(new
        {
            model = Path.Combine(models, "model.onnx"),
            manifest = Path.Combine(models, "manifest.json"),
            tileSize = 32,
            tiles = new[] { new { seed = 4 } },
            seed = 9,
            injections = 40,
            targets = new Dictionary<string, double> { ["weight"] = 1, ["activation"] = 1, ["input"] = 1, ["output"] = 1 },
            faultModels = new Dictionary<string, double> { ["single-bit"] = 2, ["adjacent-bits"] = 1, ["byte-stuck-at"] = 1, ["random-byte"] = 1 },
        }));
    }

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void Run_writes_a_header_and_one_record_per_injection_with_an_outcome()
    {
        string log = _folder.File("log.jsonl");

        (int code, string output, string error) = GroundTestCli.Invoke("campaign", "run", _spec, "--out", log, "--workers", "2");

        Assert.That(code, Is.Zero, error);
        string[] lines = File.ReadAllLines(log);
        Assert.That(lines, Has.Length.EqualTo(41));
        Assert.That(lines[0], Does.StartWith("{\"campaign\":"));
        Assert.That(lines.Skip(1).All(l => l.Contains("\"outcome\":", StringComparison.Ordinal)));
        Assert.That(output, Does.Contain("40/40").And.Contain("critical-sdc").And.Contain("wrote"));
    }

    [Test]
    public void Shards_merged_equal_the_whole_campaign()
    {
        string whole = _folder.File("whole.jsonl");
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", whole, "--workers", "1").ExitCode, Is.Zero);
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", _folder.File("a.jsonl"), "--shard", "0:15").ExitCode, Is.Zero);
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", _folder.File("b.jsonl"), "--shard", "15:40").ExitCode, Is.Zero);

        (int code, string output, string error) = GroundTestCli.Invoke("campaign", "merge", _folder.File("a.jsonl"), _folder.File("b.jsonl"), "--out", _folder.File("merged.jsonl"));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("merged 40 of 40"));
        string[] sorted = [File.ReadAllLines(whole)[0], .. File.ReadAllLines(whole).Skip(1).OrderBy(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32())];
        Assert.That(File.ReadAllLines(_folder.File("merged.jsonl")), Is.EqualTo(sorted));
    }

    [Test]
    public void Report_prints_wilson_rates_per_target_and_bit_field_and_writes_self_contained_html()
    {
        string log = _folder.File("log.jsonl");
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", log).ExitCode, Is.Zero);

        (int code, string output, string error) = GroundTestCli.Invoke("campaign", "report", log);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("by target").And.Contain("by bit field").And.Contain("weight").And.Contain("exponent").And.Contain("40 of 40"));
        string html = File.ReadAllText(_folder.File("log.html"));
        Assert.That(html, Does.Contain("<svg").And.Contain("Wilson"));
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("href="));
        XDocument.Parse(html.Replace("<!DOCTYPE html>", "", StringComparison.Ordinal).Replace("<br>", "<br/>", StringComparison.Ordinal)
            .Replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>", StringComparison.Ordinal));
    }

    [Test]
    public void Replay_reproduces_a_logged_injection_and_traces_it_node_by_node()
    {
        string log = _folder.File("log.jsonl");
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", log).ExitCode, Is.Zero);

        (int code, string output, string error) = GroundTestCli.Invoke("campaign", "replay", log, "--index", "5");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("injection 5").And.Contain("reproduced: yes"));
    }

    [Test]
    public void Replay_of_an_edited_record_says_it_was_not_reproduced()
    {
        string log = _folder.File("log.jsonl");
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", log).ExitCode, Is.Zero);
        string[] lines = File.ReadAllLines(log);
        int line = Array.FindIndex(lines, l => l.Contains("\"index\":3,", StringComparison.Ordinal));
        string hash = JsonDocument.Parse(lines[line]).RootElement.TryGetProperty("outputHash", out JsonElement h) ? h.GetString()! : "";
        lines[line] = hash.Length > 0 ? lines[line].Replace(hash, new string('0', 64), StringComparison.Ordinal) : lines[line].Replace("\"outcome\":", "\"outputHash\":\"00\",\"outcome\":", StringComparison.Ordinal);
        File.WriteAllLines(log, lines);

        (int code, string output, _) = GroundTestCli.Invoke("campaign", "replay", log, "--index", "3");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("reproduced: NO"));
    }

    [TestCase("--shard", "30:20", "--shard")]
    [TestCase("--shard", "0:41", "--shard")]
    [TestCase("--workers", "0", "--workers")]
    public void Run_refuses_bad_options_naming_them(string option, string value, string named)
    {
        (int code, _, string error) = GroundTestCli.Invoke("campaign", "run", _spec, "--out", _folder.File("x.jsonl"), option, value);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(named));
    }

    [Test]
    public void Run_of_a_spec_with_a_bad_field_names_it()
    {
        File.WriteAllText(_spec, File.ReadAllText(_spec).Replace("\"injections\":40", "\"injections\":-3", StringComparison.Ordinal));

        (int code, _, string error) = GroundTestCli.Invoke("campaign", "run", _spec, "--out", _folder.File("x.jsonl"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("injections is -3"));
    }

    [Test]
    public void Replay_of_an_index_not_in_the_log_is_refused()
    {
        string log = _folder.File("log.jsonl");
        Assert.That(GroundTestCli.Invoke("campaign", "run", _spec, "--out", log, "--shard", "0:5").ExitCode, Is.Zero);

        (int code, _, string error) = GroundTestCli.Invoke("campaign", "replay", log, "--index", "17");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("--index 17"));
    }
}
