namespace Payload.Hal.Housekeeping;

/// <summary>How latch-up protection decides and recovers.</summary>
/// <param name="SamplesAboveLimit">Consecutive current samples above the limit that count as a latch-up (N); one sample could be a load step.</param>
/// <param name="OffTime">How long the rail stays off so the parasitic thyristor loses its holding current.</param>
/// <param name="MaxPowerCycles">Power cycles tried before giving up and leaving the rail off (M).</param>
/// <param name="SamplesToClear">Consecutive normal samples after a cycle that count as recovered (resets the cycle count).</param>
public sealed record LatchUpOptions(int SamplesAboveLimit = 3, TimeSpan? OffTime = null, int MaxPowerCycles = 3, int SamplesToClear = 10)
{
    /// <summary>Off time used when <see cref="OffTime"/> is not given.</summary>
    public static readonly TimeSpan DefaultOffTime = TimeSpan.FromSeconds(1);

    /// <summary>The effective off time.</summary>
    public TimeSpan EffectiveOffTime => OffTime ?? DefaultOffTime;
}
