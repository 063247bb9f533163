namespace Payload.Inference.FaultInjection;

/// <summary>Turns an injected run's result into an <see cref="InjectionOutcome"/>.</summary>
public static class OutcomeClassifier
{
    /// <summary>
    /// Classifies a completed run. A protection's verdict wins when it acted: repaired with an
    /// identical output is <see cref="InjectionOutcome.Corrected"/>, flagged is
    /// <see cref="InjectionOutcome.Detected"/>. Otherwise identical output bits are
    /// <see cref="InjectionOutcome.Masked"/>, a different class map is
    /// <see cref="InjectionOutcome.CriticalSdc"/> and any other difference <see cref="InjectionOutcome.Sdc"/>.
    /// </summary>
    public static InjectionOutcome Classify(
        ReadOnlySpan<float> golden, ReadOnlySpan<byte> goldenClasses, ReadOnlySpan<float> output, ReadOnlySpan<byte> classes,
        bool protectionRepaired = false, bool protectionFlagged = false)
    {
        bool identical = System.Runtime.InteropServices.MemoryMarshal.AsBytes(golden)
            .SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(output));
        if (protectionFlagged)
        {
            return InjectionOutcome.Detected;
        }

        if (identical)
        {
            return protectionRepaired ? InjectionOutcome.Corrected : InjectionOutcome.Masked;
        }

        return goldenClasses.SequenceEqual(classes) ? InjectionOutcome.Sdc : InjectionOutcome.CriticalSdc;
    }
}
