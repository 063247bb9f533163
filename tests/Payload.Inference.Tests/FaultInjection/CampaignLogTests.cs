using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

public class CampaignLogTests
{
    private static readonly CampaignSpec Spec = CampaignSpec.Parse(
        """{ "model": "m.onnx", "manifest": "m.json", "tiles": [{ "seed": 1 }], "seed": 3, "injections": 4 }""", "/data");

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("campaign-log-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Log_round_trips_with_absolute_paths_and_records_by_index()
    {
        string path = Path.Combine(_folder, "log.jsonl");
        new CampaignLog(Spec, [Record(2, InjectionOutcome.Sdc), Record(0, InjectionOutcome.Masked)]).Write(path);

        CampaignLog log = CampaignLog.Read(path);

        Assert.That(log.Spec.Model, Is.EqualTo("/data/m.onnx"));
        Assert.That(log.Records.Select(r => r.Index), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(log.Records[1], Is.EqualTo(Record(2, InjectionOutcome.Sdc)));
        Assert.That(File.ReadAllLines(path)[2], Does.Contain("\"outcome\":\"sdc\""));
    }

    [Test]
    public void Shards_merge_into_one_log()
    {
        CampaignLog merged = CampaignLog.Merge([
            new CampaignLog(Spec, [Record(0, InjectionOutcome.Masked), Record(1, InjectionOutcome.CriticalSdc)]),
            new CampaignLog(Spec, [Record(2, InjectionOutcome.Crash), Record(1, InjectionOutcome.CriticalSdc)]),
        ]);

        Assert.That(merged.Records.Select(r => r.Outcome), Is.EqualTo(new InjectionOutcome?[] { InjectionOutcome.Masked, InjectionOutcome.CriticalSdc, InjectionOutcome.Crash }));
    }

    [Test]
    public void Shards_that_disagree_on_an_injection_are_refused()
    {
        Assert.That(
            () => CampaignLog.Merge([new CampaignLog(Spec, [Record(1, InjectionOutcome.Masked)]), new CampaignLog(Spec, [Record(1, InjectionOutcome.Sdc)])]),
            Throws.TypeOf<CampaignException>().With.Message.Contains("Injection 1 differs"));
    }

    [Test]
    public void Logs_of_different_campaigns_are_refused()
    {
        CampaignSpec other = CampaignSpec.Parse("""{ "model": "m.onnx", "manifest": "m.json", "tiles": [{ "seed": 1 }], "seed": 4, "injections": 4 }""", "/data");

        Assert.That(() => CampaignLog.Merge([new CampaignLog(Spec, []), new CampaignLog(other, [])]), Throws.TypeOf<CampaignException>().With.Message.Contains("different campaign"));
    }

    [TestCase("", "empty")]
    [TestCase("{\"campaign\": 3}\n", "line 1")]
    [TestCase("HEADER\n{\"index\": 1}\n", "line 1")]
    public void Malformed_log_names_the_problem(string text, string named)
    {
        string path = Path.Combine(_folder, "bad.jsonl");
        File.WriteAllText(path, text);

        Assert.That(() => CampaignLog.Read(path), Throws.TypeOf<CampaignException>().With.Message.Contains(named));
    }

    [Test]
    public void Truncated_record_line_names_its_line_number()
    {
        string path = Path.Combine(_folder, "cut.jsonl");
        File.WriteAllText(path, CampaignLog.HeaderLine(Spec) + "\n" + CampaignLog.RecordLine(Record(0, InjectionOutcome.Masked))[..20] + "\n");

        Assert.That(() => CampaignLog.Read(path), Throws.TypeOf<CampaignException>().With.Message.Contains("line 2"));
    }

    private static InjectionRecord Record(int index, InjectionOutcome outcome) => new()
    {
        Index = index, Target = FaultTarget.Weight, Tensor = "w", Element = index * 3, FaultModel = FaultModel.SingleBit, Bit = 30,
        BitField = BitField.Exponent, Tile = 0, Inference = index, GoldenHash = "ab", Outcome = outcome, OutputHash = "cd", ChangedPixels = 1, MaxAbsDeviation = 0.5,
    };
}
