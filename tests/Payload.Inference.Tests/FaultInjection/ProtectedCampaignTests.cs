using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

/// <summary>
/// The same 300 seeded single-bit injections (weights, activations, inputs; half in exponent bits)
/// on the default model, unprotected and under each protection.
/// </summary>
[NonParallelizable]
public class ProtectedCampaignTests
{
    private const int Injections = 300;

    private static readonly Dictionary<CampaignProtection, List<InjectionRecord>> Results = [];

    [TestCase(CampaignProtection.Tmr)]
    [TestCase(CampaignProtection.Dmr)]
    [TestCase(CampaignProtection.DmrScrub)]
    public void Redundancy_leaves_no_silent_corruption(CampaignProtection protection)
    {
        OutcomeTally all = Tally(Run(protection), "all")[0];
        OutcomeTally unprotected = Tally(Run(CampaignProtection.None), "all")[0];

        Assert.That(unprotected.Count(InjectionOutcome.Sdc) + unprotected.Count(InjectionOutcome.CriticalSdc), Is.GreaterThan(0), "the unprotected baseline must corrupt something");
        Assert.That(all.Count(InjectionOutcome.Sdc), Is.Zero);
        Assert.That(all.Count(InjectionOutcome.CriticalSdc), Is.Zero);
        Assert.That(all.Count(InjectionOutcome.Masked) + all.Count(InjectionOutcome.Corrected), Is.EqualTo(Injections));
        List<InjectionRecord> baseline = Run(CampaignProtection.None);
        List<InjectionRecord> protectedRun = Run(protection);
        for (int i = 0; i < Injections; i++)
        {
            bool scrubbedWeight = protection == CampaignProtection.DmrScrub && baseline[i].Target == FaultTarget.Weight;
            InjectionOutcome expected = baseline[i].Outcome == InjectionOutcome.Masked && !scrubbedWeight ? InjectionOutcome.Masked : InjectionOutcome.Corrected;
            Assert.That(protectedRun[i].Outcome, Is.EqualTo(expected), $"injection {i}: unprotected {baseline[i].Outcome}");
            Assert.That(protectedRun[i].OutputHash, Is.EqualTo(protectedRun[i].GoldenHash), $"injection {i}");
        }
    }

    [Test]
    public void Scrubbing_repairs_every_corrupted_weight_even_when_the_output_masked_it()
    {
        List<InjectionRecord> scrubbed = Run(CampaignProtection.DmrScrub);
        List<InjectionRecord> dmr = Run(CampaignProtection.Dmr);

        Assert.That(scrubbed.Where(r => r.Target == FaultTarget.Weight).Select(r => r.Outcome), Is.All.EqualTo(InjectionOutcome.Corrected));
        Assert.That(dmr.Count(r => r.Target == FaultTarget.Weight && r.Outcome == InjectionOutcome.Masked), Is.GreaterThan(0), "without scrubbing, a masked weight flip goes unnoticed");
    }

    [Test]
    public void Range_guards_cut_activation_critical_sdc()
    {
        List<InjectionRecord> unprotected = Run(CampaignProtection.None);
        List<InjectionRecord> guarded = Run(CampaignProtection.RangeGuards);
        Assert.That(guarded.Select(r => (r.Target, r.Tensor, r.Element, r.Bit)), Is.EqualTo(unprotected.Select(r => (r.Target, r.Tensor, r.Element, r.Bit))), "same injections");

        int before = unprotected.Count(r => r.Target == FaultTarget.Activation && r.Outcome == InjectionOutcome.CriticalSdc);
        int after = guarded.Count(r => r.Target == FaultTarget.Activation && r.Outcome == InjectionOutcome.CriticalSdc);
        int activations = unprotected.Count(r => r.Target == FaultTarget.Activation);
        TestContext.Out.WriteLine($"activation critical-sdc: unprotected {before}/{activations}, range guards {after}/{activations}, factor {(after == 0 ? "inf (none left)" : ((double)before / after).ToString("F2", System.Globalization.CultureInfo.InvariantCulture))}");
        foreach (OutcomeTally tally in Tally(guarded, null))
        {
            TestContext.Out.WriteLine($"range-guards {tally.Group,-10} n={tally.Total,4} " + string.Join(" ", Enum.GetValues<InjectionOutcome>().Select(o => $"{o}={tally.Count(o)}")));
        }

        Assert.That(before, Is.GreaterThan(0));
        Assert.That(after, Is.LessThan(before));
        Assert.That(guarded.Any(r => r.Outcome == InjectionOutcome.Detected), "out-of-range hits are reported");
    }

    [Test]
    public void Tmr_replay_reproduces_a_corrected_injection()
    {
        List<InjectionRecord> tmr = Run(CampaignProtection.Tmr);
        InjectionRecord corrected = tmr.First(r => r.Outcome == InjectionOutcome.Corrected && r.Target == FaultTarget.Weight);
        Campaign campaign = Campaign.Open(DefaultModelCampaign.Spec(Injections, protection: CampaignProtection.Tmr));

        InjectionRecord replayed = campaign.Replay(corrected with { Outcome = null, OutputHash = null });

        Assert.That(replayed.Outcome, Is.EqualTo(InjectionOutcome.Corrected));
        Assert.That(replayed.OutputHash, Is.EqualTo(corrected.GoldenHash));
    }

    private static List<InjectionRecord> Run(CampaignProtection protection)
    {
        lock (Results)
        {
            if (!Results.TryGetValue(protection, out List<InjectionRecord>? done))
            {
                Campaign campaign = Campaign.Open(DefaultModelCampaign.Spec(Injections, protection: protection));
                done = [];
                CampaignRunner.Run(campaign, campaign.Plan(), workers: 2, done.Add);
                done.Sort((a, b) => a.Index.CompareTo(b.Index));
                Results.Add(protection, done);
            }

            return done;
        }
    }

    private static IReadOnlyList<OutcomeTally> Tally(List<InjectionRecord> records, string? all) =>
        OutcomeTally.By(records, r => all ?? r.Target.ToString());
}
