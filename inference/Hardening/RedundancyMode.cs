namespace Payload.Inference.Hardening;

/// <summary>How many replicas of the model run per inference, and how they are compared.</summary>
public enum RedundancyMode
{
    /// <summary>One replica, no comparison.</summary>
    None,

    /// <summary>Dual modular redundancy: two replicas; only when they disagree does a third run decide.</summary>
    Dmr,

    /// <summary>Triple modular redundancy: three replicas every run, element-wise majority.</summary>
    Tmr,
}
