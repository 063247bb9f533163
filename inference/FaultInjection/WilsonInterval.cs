namespace Payload.Inference.FaultInjection;

/// <summary>The Wilson score interval of a binomial proportion (Wilson 1927; E. B. Wilson, JASA 22:209).</summary>
public readonly record struct WilsonInterval(double Rate, double Lower, double Upper)
{
    /// <summary>z for a two-sided 95 % interval: the 0.975 quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/> (0 trials: rate 0, interval [0, 1]).</summary>
    public static WilsonInterval Of(long successes, long trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new WilsonInterval(0, 0, 1);
        }

        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        double half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return new WilsonInterval(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
