namespace Payload.Telemetry.Uplink;

/// <summary>Why FOP-1 stopped the Type-AD service (CCSDS 232.1-B-2 §5.1.9 alert codes).</summary>
public enum FopAlert
{
    None,

    /// <summary>Transmission limit reached without progress.</summary>
    Limit,

    /// <summary>The CLCW reports FARM lockout.</summary>
    Lockout,

    /// <summary>The CLCW's N(R) acknowledges frames that were never sent.</summary>
    NrOutOfRange,

    /// <summary>The CLCW reports Wait without Retransmit, which FARM-1 never produces.</summary>
    Synchronisation,

    /// <summary>The operator terminated the service.</summary>
    Terminated,
}
