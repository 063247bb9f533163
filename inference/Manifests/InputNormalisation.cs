namespace Payload.Inference.Manifests;

/// <summary>How raw band samples become model input values.</summary>
public enum InputNormalisation
{
    /// <summary><c>value = sample * scale[band] + offset[band]</c>.</summary>
    Affine,

    /// <summary>
    /// The affine step, then one z-score over the whole tile across every band:
    /// <c>(value - mean) / std</c> (the contract of models trained on per-tile standardised input).
    /// </summary>
    TileZScore,
}
