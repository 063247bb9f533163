namespace Payload.Inference.FaultInjection;

/// <summary>The protection a campaign runs under (spec field <c>protection</c>).</summary>
public enum CampaignProtection
{
    /// <summary>One unprotected run.</summary>
    None,

    /// <summary>Two replicas compared; on disagreement a third decides (Hardening.RedundancyMode.Dmr).</summary>
    Dmr,

    /// <summary>Three replicas, element-wise majority (Hardening.RedundancyMode.Tmr).</summary>
    Tmr,

    /// <summary><see cref="Dmr"/> plus a CRC-32C scrub pass over the weights after every run (Hardening.WeightScrubber).</summary>
    DmrScrub,

    /// <summary>The model hardened with Clip range guards profiled on the campaign's tiles (Hardening.RangeGuard); out-of-range hits are reported.</summary>
    RangeGuards,
}
