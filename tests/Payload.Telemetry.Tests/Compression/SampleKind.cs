namespace Payload.Telemetry.Tests.Compression;

/// <summary>Kinds of test sequence, each aimed at a coding option.</summary>
public enum SampleKind
{
    /// <summary>Smooth synthetic imagery plus Gaussian noise: split-sample options.</summary>
    ImageLike,

    /// <summary>One value throughout: zero blocks and remainder-of-segment runs.</summary>
    Constant,

    /// <summary>Uniform noise over the full range: the no-compression option.</summary>
    Random,

    /// <summary>Flat stretches of random length and level: zero runs of every length, second extension.</summary>
    Steps,
}
