namespace Payload.Telemetry.Uplink;

/// <summary>FOP-1 states (CCSDS 232.1-B-2 §5.2, S1–S6).</summary>
public enum FopState
{
    /// <summary>S1: sending and receiving acknowledgements normally.</summary>
    Active,

    /// <summary>S2: FARM asked for retransmission; the sent queue is being resent.</summary>
    RetransmitWithoutWait,

    /// <summary>S3: FARM asked for retransmission but has no buffer; resend once Wait clears.</summary>
    RetransmitWithWait,

    /// <summary>S4: waiting for a CLCW that confirms V(R) = V(S) before starting.</summary>
    InitialisingWithoutBc,

    /// <summary>S5: a BC frame (Unlock or Set V(R)) is out; waiting for the CLCW that confirms it.</summary>
    InitialisingWithBc,

    /// <summary>S6: stopped; Type-AD service needs an initiate directive.</summary>
    Initial,
}
