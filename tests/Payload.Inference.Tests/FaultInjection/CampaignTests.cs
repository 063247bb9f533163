using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

[NonParallelizable]
public class CampaignTests
{
    private Campaign _campaign = null!;

    [OneTimeSetUp]
    public void OpenCampaign() => _campaign = Campaign.Open(DefaultModelCampaign.Spec(injections: 300));

    [Test]
    public void Same_seed_gives_the_same_injection_list()
    {
        string[] first = [.. _campaign.Plan().Select(CampaignLog.RecordLine)];
        string[] second = [.. Campaign.Open(DefaultModelCampaign.Spec(injections: 300)).Plan().Select(CampaignLog.RecordLine)];

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Another_seed_gives_another_list()
    {
        string[] first = [.. _campaign.Plan().Select(CampaignLog.RecordLine)];
        string[] other = [.. Campaign.Open(DefaultModelCampaign.Spec(injections: 300, seed: 6)).Plan().Select(CampaignLog.RecordLine)];

        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Plan_follows_the_spec_distribution_and_stays_inside_every_tensor()
    {
        IReadOnlyList<InjectionRecord> plan = _campaign.Plan();
        Dictionary<string, long> sizes = _campaign.Weights.Concat(_campaign.Activations).ToDictionary(t => t.Name, t => t.Elements);

        Assert.That(plan.Select(r => r.Index), Is.EqualTo(Enumerable.Range(0, 300)));
        Assert.That(plan.Select(r => r.Target).Distinct(), Is.EquivalentTo(new[] { FaultTarget.Weight, FaultTarget.Activation, FaultTarget.Input }));
        Assert.That(plan.Count(r => r.BitField == BitField.Exponent), Is.GreaterThanOrEqualTo(100), "at least a third in exponent bits");
        Assert.That(plan.Where(r => r.Target != FaultTarget.Input).All(r => r.Element >= 0 && r.Element < sizes[r.Tensor]));
        Assert.That(plan.All(r => r.GoldenHash == _campaign.GoldenHashes[r.Tile] && r.Outcome is null));
    }

    [Test]
    public void Small_unprotected_campaign_measures_silent_data_corruption()
    {
        List<InjectionRecord> done = [];
        CampaignRunner.Run(_campaign, _campaign.Plan(), workers: 2, done.Add);

        OutcomeTally all = OutcomeTally.By(done, _ => "all")[0];
        foreach (OutcomeTally tally in OutcomeTally.By(done, r => r.Target.ToString()).Append(all))
        {
            TestContext.Out.WriteLine($"{tally.Group,-10} n={tally.Total,4} " + string.Join(" ", Enum.GetValues<InjectionOutcome>()
                .Select(o => $"{o}={tally.Count(o)} ({tally.Rate(o).Rate:P1} [{tally.Rate(o).Lower:P1}, {tally.Rate(o).Upper:P1}])")));
        }

        Assert.That(done, Has.Count.EqualTo(300));
        Assert.That(done.Select(r => r.Index).Order(), Is.EqualTo(Enumerable.Range(0, 300)));
        Assert.That(all.Count(InjectionOutcome.Masked), Is.GreaterThan(0));
        Assert.That(all.Count(InjectionOutcome.Sdc) + all.Count(InjectionOutcome.CriticalSdc), Is.GreaterThan(0));
        Assert.That(all.Count(InjectionOutcome.CriticalSdc), Is.GreaterThan(0));
        Assert.That(all.Count(InjectionOutcome.Hang), Is.Zero);
        Assert.That(done.Where(r => r.Outcome == InjectionOutcome.Masked).All(r => r.OutputHash == r.GoldenHash));
        Assert.That(done.Where(r => r.Outcome is InjectionOutcome.Sdc or InjectionOutcome.CriticalSdc).All(r => r.OutputHash != r.GoldenHash));
    }

    [Test]
    public void Replay_of_20_random_records_reproduces_outcome_and_output_hash()
    {
        IReadOnlyList<InjectionRecord> plan = _campaign.Plan();
        List<InjectionRecord> done = [];
        CampaignRunner.Run(_campaign, plan, workers: 2, done.Add);
        string path = Path.Combine(Path.GetTempPath(), $"campaign-{Guid.NewGuid():N}.jsonl");
        try
        {
            new CampaignLog(_campaign.Spec, done).Write(path);
            CampaignLog log = CampaignLog.Read(path);
            Campaign reopened = Campaign.Open(log.Spec);
            Random random = new(20);
            foreach (InjectionRecord logged in log.Records.OrderBy(_ => random.Next()).Take(20))
            {
                InjectionRecord replayed = reopened.Replay(logged with { Outcome = null, OutputHash = null, ChangedPixels = null, MaxAbsDeviation = null });

                Assert.That(replayed.Outcome, Is.EqualTo(logged.Outcome), $"injection {logged.Index}");
                Assert.That(replayed.OutputHash, Is.EqualTo(logged.OutputHash), $"injection {logged.Index}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Trace_of_an_input_flip_shows_the_deviation_spreading_along_the_graph()
    {
        InjectionRecord flip = new()
        {
            Index = 0, Target = FaultTarget.Input, Tensor = _campaign.Manifest.InputName, Element = (2 * 64 * 64) + (64 * 10) + 10,
            FaultModel = FaultModel.SingleBit, Bit = 22, BitField = BitField.Mantissa, Tile = 0, GoldenHash = _campaign.GoldenHashes[0],
        };

        IReadOnlyList<LayerDeviation> trace = _campaign.Trace(flip);

        Assert.That(trace, Is.Not.Empty);
        Assert.That(trace[^1].Tensor, Is.EqualTo(_campaign.Manifest.OutputName));
        Assert.That(trace[^1].ChangedElements, Is.GreaterThan(0));
        Assert.That(trace.Any(l => l.ChangedElements == 0), Is.True, "a flip in the red plane leaves the other bands untouched");
    }

    [Test]
    public void Trace_of_an_activation_flip_is_clean_before_the_split_and_deviates_at_it()
    {
        string tensor = _campaign.Activations[_campaign.Activations.Count / 2].Name;
        InjectionRecord flip = new()
        {
            Index = 0, Target = FaultTarget.Activation, Tensor = tensor, Element = 7,
            FaultModel = FaultModel.SingleBit, Bit = 30, BitField = BitField.Exponent, Tile = 1, GoldenHash = _campaign.GoldenHashes[1],
        };

        IReadOnlyList<LayerDeviation> trace = _campaign.Trace(flip);
        int at = trace.ToList().FindIndex(l => l.Tensor == tensor);

        Assert.That(at, Is.GreaterThanOrEqualTo(0));
        Assert.That(trace[at].ChangedElements, Is.EqualTo(1));
        Assert.That(trace.Take(at).Where(l => l.ChangedElements > 0), Is.Empty);
    }

    [Test]
    public void Injection_outside_its_tensor_is_a_crash_with_the_reason()
    {
        InjectionRecord bad = new()
        {
            Index = 3, Target = FaultTarget.Input, Tensor = _campaign.Manifest.InputName, Element = 1L << 40,
            FaultModel = FaultModel.SingleBit, Bit = 1, Tile = 0, GoldenHash = _campaign.GoldenHashes[0],
        };

        InjectionRecord result = _campaign.Replay(bad);

        Assert.That(result.Outcome, Is.EqualTo(InjectionOutcome.Crash));
        Assert.That(result.Detail, Does.Contain("outside"));
    }
}
