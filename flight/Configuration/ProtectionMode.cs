namespace Payload.Flight.Configuration;

/// <summary>How the scene pipeline protects inference against radiation upsets (every mode but <see cref="None"/> scrubs the weights).</summary>
public enum ProtectionMode
{
    /// <summary>One session over ONNX Runtime's own copy of the weights: nothing to scrub or vote.</summary>
    None,

    /// <summary>One replica over weights we own, scrubbed against golden copies at the scrubber's period.</summary>
    Scrub,

    /// <summary>Two replicas, a third run decides a disagreement; weights scrubbed.</summary>
    Dmr,

    /// <summary>Three replicas voted element-wise; weights scrubbed.</summary>
    Tmr,
}
