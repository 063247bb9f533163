using Payload.GroundTest.Campaigns;
using Payload.Inference.FaultInjection;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Campaigns;

/// <summary>Campaigns whose spec plans upsets in CADU bytes on the link.</summary>
public class CaduTargetCampaignTests
{
    private const int Injections = 100;

    private static CampaignSpec Spec(int burstBytes, int interleave = 1)
    {
        string models = Path.Combine(RepositoryPaths.Root, "inference", "models", "default");
        return CampaignSpec.Parse(
            $$"""
            {
              "model": "model.onnx", "manifest": "manifest.json", "tileSize": 16,
              "tiles": [{ "seed": 1 }, { "seed": 2 }], "seed": 3, "injections": {{Injections}},
              "targets": { "cadu": 1 },
              "faultModels": { "single-bit": 2, "adjacent-bits": 1, "random-byte": 1 },
              "caduInterleave": {{interleave}}, "caduBurstBytes": {{burstBytes}}
            }
            """,
            models);
    }

    private static (Campaign Campaign, List<InjectionRecord> Records) Run(CampaignSpec spec)
    {
        Campaign campaign = Campaign.Open(spec, [new CaduFaultTarget(spec)]);
        List<InjectionRecord> done = [];
        CampaignRunner.Run(campaign, campaign.Plan(), workers: 2, done.Add);
        done.Sort((a, b) => a.Index.CompareTo(b.Index));
        return (campaign, done);
    }

    [TestCase(1, 1)]
    [TestCase(16, 1)]
    [TestCase(80, 5)]
    public void Bursts_within_the_reed_solomon_capacity_are_all_corrected(int burstBytes, int interleave)
    {
        (_, List<InjectionRecord> records) = Run(Spec(burstBytes, interleave));

        Assert.That(records.Select(r => r.Target), Is.All.EqualTo(FaultTarget.Cadu));
        Assert.That(records.Select(r => r.Element), Is.All.InRange(0, (255 * interleave) - burstBytes));
        Assert.That(records.Select(r => r.Outcome), Is.All.AnyOf(InjectionOutcome.Corrected, InjectionOutcome.Masked));
        Assert.That(records.Count(r => r.Outcome == InjectionOutcome.Corrected), Is.GreaterThan(Injections / 2));
        Assert.That(records.Select(r => r.OutputHash == r.GoldenHash), Is.All.True);
    }

    [Test]
    public void Bursts_beyond_the_capacity_are_detected_or_miscorrected_into_sdc_never_corrected()
    {
        // 40 bytes of one interleave-1 codeword: 40 symbol errors against a capacity of 16.
        (_, List<InjectionRecord> records) = Run(Spec(burstBytes: 40));

        Assert.That(records.Select(r => r.Outcome), Is.All.AnyOf(InjectionOutcome.Detected, InjectionOutcome.Sdc, InjectionOutcome.Masked));
        Assert.That(records.Count(r => r.Outcome == InjectionOutcome.Detected), Is.GreaterThan(Injections / 2));
        Assert.That(records.Where(r => r.Outcome == InjectionOutcome.Sdc).Select(r => r.OutputHash != r.GoldenHash), Is.All.True);
        Assert.That(records.Where(r => r.Outcome == InjectionOutcome.Detected).Select(r => r.OutputHash), Is.All.Null);
    }

    [Test]
    public void Replay_of_20_cadu_records_from_a_log_reproduces_outcome_and_hash()
    {
        CampaignSpec spec = Spec(burstBytes: 17);
        (Campaign campaign, List<InjectionRecord> records) = Run(spec);
        string path = Path.Combine(Path.GetTempPath(), $"payload-cadu-campaign-{Guid.NewGuid():N}.jsonl");
        try
        {
            new CampaignLog(campaign.Spec, records).Write(path);
            CampaignLog log = CampaignLog.Read(path);
            Assert.That(log.Spec.CaduBurstBytes, Is.EqualTo(17), "the burst travels in the log header");
            Campaign reopened = Campaign.Open(log.Spec, [new CaduFaultTarget(log.Spec)]);
            Random random = new(20);
            foreach (InjectionRecord logged in log.Records.OrderBy(_ => random.Next()).Take(20))
            {
                InjectionRecord replayed = reopened.Replay(logged with { Outcome = null, OutputHash = null });

                Assert.That((replayed.Outcome, replayed.OutputHash), Is.EqualTo((logged.Outcome, logged.OutputHash)), $"injection {logged.Index}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("caduInterleave", 6, "1, 2, 3, 4, 5 or 8")]
    [TestCase("caduBurstBytes", 0, "1..255")]
    public void A_bad_cadu_field_is_refused_naming_it(string field, int value, string expected)
    {
        string json = $$"""{ "model": "m.onnx", "manifest": "m.json", "tiles": [{ "seed": 1 }], "injections": 1, "{{field}}": {{value}} }""";

        Assert.That(() => CampaignSpec.Parse(json, "."), Throws.TypeOf<CampaignException>().With.Message.Contains(field).And.Message.Contains(expected));
    }
}
