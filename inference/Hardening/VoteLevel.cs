namespace Payload.Inference.Hardening;

/// <summary>What replicas must agree on.</summary>
public enum VoteLevel
{
    /// <summary>Every output element, bit for bit (or within <see cref="RedundantSessionOptions.UlpTolerance"/> for float32).</summary>
    Elements,

    /// <summary>
    /// The decision only: the arg-max class of each pixel along the class axis. For models whose
    /// replicas are not bit-reproducible; a pixel's whole class vector is taken from a majority replica.
    /// </summary>
    ClassMap,
}
