using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

public class OutcomeClassifierTests
{
    private static readonly float[] Golden = [0.1f, 0.9f, 0.8f, 0.2f];
    private static readonly byte[] GoldenClasses = [1, 0];

    [Test]
    public void Identical_bits_are_masked()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, [0.1f, 0.9f, 0.8f, 0.2f], [1, 0]), Is.EqualTo(InjectionOutcome.Masked));
    }

    [Test]
    public void Negative_zero_for_zero_is_not_masked_because_the_bits_differ()
    {
        float[] golden = [0f, 1f];
        Assert.That(OutcomeClassifier.Classify(golden, [1], [-0f, 1f], [1]), Is.EqualTo(InjectionOutcome.Sdc));
    }

    [Test]
    public void Changed_values_with_the_same_class_map_are_sdc()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, [0.1f, 0.9f, 0.8f, 0.2000001f], [1, 0]), Is.EqualTo(InjectionOutcome.Sdc));
    }

    [Test]
    public void A_changed_class_is_critical_sdc()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, [0.1f, 0.9f, 0.8f, 0.95f], [1, 1]), Is.EqualTo(InjectionOutcome.CriticalSdc));
    }

    [Test]
    public void NaN_output_is_sdc_or_worse_never_masked()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, [0.1f, float.NaN, 0.8f, 0.2f], [1, 0]), Is.EqualTo(InjectionOutcome.Sdc));
    }

    [Test]
    public void Repaired_with_identical_output_is_corrected()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, Golden, GoldenClasses, protectionRepaired: true), Is.EqualTo(InjectionOutcome.Corrected));
    }

    [Test]
    public void Flagged_is_detected_whatever_the_output()
    {
        Assert.That(OutcomeClassifier.Classify(Golden, GoldenClasses, [9f, 9f, 9f, 9f], [0, 0], protectionFlagged: true), Is.EqualTo(InjectionOutcome.Detected));
    }
}
