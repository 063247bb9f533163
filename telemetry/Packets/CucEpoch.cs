namespace Payload.Telemetry.Packets;

/// <summary>Epoch of a CCSDS Unsegmented Time Code, coded in the P-field's time code identification (CCSDS 301.0-B-4 §3.2.2).</summary>
public enum CucEpoch
{
    /// <summary>'001': level 1, epoch 1958 January 1 (TAI).</summary>
    Ccsds1958 = 0b001,

    /// <summary>'010': level 2, agency-defined epoch.</summary>
    AgencyDefined = 0b010,
}
