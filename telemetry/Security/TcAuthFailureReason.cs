namespace Payload.Telemetry.Security;

/// <summary>Why a TC frame failed authentication; each maps to its own event on board.</summary>
public enum TcAuthFailureReason
{
    None,

    /// <summary>No security header: the data field is too short to hold one, or the SPI is the reserved 0.</summary>
    Unauthenticated,

    /// <summary>The SPI names no key on board.</summary>
    UnknownSpi,

    /// <summary>The security header is there but no room is left for data and the MAC.</summary>
    Truncated,

    /// <summary>The MAC does not verify: the frame was forged or altered.</summary>
    BadMac,

    /// <summary>The sequence number was already accepted or is older than the anti-replay window.</summary>
    Replayed,
}
