namespace Payload.Inference.Hardening;

/// <summary>The smallest and largest value a tensor took on the calibration tiles.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>This range widened by <paramref name="margin"/> × its width on each side (at least by 1e-6).</summary>
    public ActivationRange Widen(float margin)
    {
        float pad = Math.Max((Max - Min) * margin, 1e-6f);
        return new ActivationRange(Min - pad, Max + pad);
    }

    /// <summary>Joins this range with one observation of a tensor's extremes.</summary>
    public ActivationRange Include(float min, float max) => new(Math.Min(Min, min), Math.Max(Max, max));
}
