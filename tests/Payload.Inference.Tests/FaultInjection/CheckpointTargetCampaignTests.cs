using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

/// <summary>Campaigns whose spec plans upsets in checkpoint bytes on disk.</summary>
public class CheckpointTargetCampaignTests
{
    private const int Injections = 120;
    private static readonly Dictionary<FaultTarget, double> CheckpointOnly = new() { [FaultTarget.Checkpoint] = 1 };

    private static Campaign Open(int seed = 7) => Campaign.Open(new CampaignSpec
    {
        Model = DefaultModelCampaign.Spec(1).Model,
        Manifest = DefaultModelCampaign.Spec(1).Manifest,
        TileSize = 16,
        Tiles = [new CampaignTile { Seed = 1 }, new CampaignTile { Seed = 2 }],
        Seed = seed,
        Injections = Injections,
        Targets = CheckpointOnly,
        FaultModels = new Dictionary<FaultModel, double> { [FaultModel.SingleBit] = 2, [FaultModel.AdjacentBits] = 1, [FaultModel.ByteStuckAt] = 1, [FaultModel.RandomByte] = 1 },
    }.WithBase(DefaultModelCampaign.ModelDirectory));

    private static List<InjectionRecord> Run(Campaign campaign)
    {
        List<InjectionRecord> done = [];
        CampaignRunner.Run(campaign, campaign.Plan(), workers: 2, done.Add);
        done.Sort((a, b) => a.Index.CompareTo(b.Index));
        return done;
    }

    [Test]
    public void Checkpoint_injections_are_planned_over_both_slot_files_as_bytes()
    {
        IReadOnlyList<InjectionRecord> plan = Open().Plan();

        Assert.That(plan.Select(r => r.Target), Is.All.EqualTo(FaultTarget.Checkpoint));
        Assert.That(plan.Select(r => r.Tensor).Distinct(), Is.EquivalentTo(new[] { "checkpoint-a.bin", "checkpoint-b.bin" }));
        Assert.That(plan.Select(r => r.BitField), Is.All.EqualTo(BitField.Byte));
        Assert.That(plan.Select(r => r.Fault.TopBit), Is.All.InRange(0, 7));
        Assert.That(Open().Plan(), Is.EqualTo(plan), "the same seed plans the same list");
    }

    [Test]
    public void A_corrupted_newest_slot_is_detected_a_corrupted_older_slot_is_corrected_and_nothing_is_silent()
    {
        List<InjectionRecord> records = Run(Open());

        Assert.That(records, Has.Count.EqualTo(Injections));
        Assert.That(records.Select(r => r.Outcome), Is.All.AnyOf(InjectionOutcome.Masked, InjectionOutcome.Corrected, InjectionOutcome.Detected));
        // Slot a holds the newest checkpoint: losing it falls back to the older one in slot b.
        Assert.That(records.Where(r => r.Tensor == "checkpoint-a.bin").Select(r => r.Outcome), Is.All.AnyOf(InjectionOutcome.Detected, InjectionOutcome.Masked));
        Assert.That(records.Where(r => r.Tensor == "checkpoint-b.bin").Select(r => r.Outcome), Is.All.AnyOf(InjectionOutcome.Corrected, InjectionOutcome.Masked));
        Assert.That(records.Count(r => r.Outcome == InjectionOutcome.Detected), Is.GreaterThan(0));
        Assert.That(records.Count(r => r.Outcome == InjectionOutcome.Corrected), Is.GreaterThan(0));
        Assert.That(records.Where(r => r.Outcome != InjectionOutcome.Detected).Select(r => r.OutputHash == r.GoldenHash), Is.All.True, "corrected and masked load the newest checkpoint");
        Assert.That(records.Where(r => r.Outcome == InjectionOutcome.Detected).Select(r => r.OutputHash == r.GoldenHash), Is.All.False, "detected falls back to the older one");
    }

    [Test]
    public void Replay_of_20_checkpoint_records_from_a_log_reproduces_outcome_and_hash()
    {
        Campaign campaign = Open();
        List<InjectionRecord> records = Run(campaign);
        string path = Path.Combine(Path.GetTempPath(), $"payload-ckpt-campaign-{Guid.NewGuid():N}.jsonl");
        try
        {
            new CampaignLog(campaign.Spec, records).Write(path);
            CampaignLog log = CampaignLog.Read(path);
            Campaign reopened = Campaign.Open(log.Spec);
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

    [Test]
    public void A_cadu_target_without_the_link_implementation_is_refused_naming_it()
    {
        Campaign campaign = Campaign.Open(DefaultModelCampaign.Spec(5, targets: new Dictionary<FaultTarget, double> { [FaultTarget.Cadu] = 1 }));

        Assert.That(() => campaign.Plan(), Throws.TypeOf<CampaignException>().With.Message.Contains("targets.cadu"));
    }
}
