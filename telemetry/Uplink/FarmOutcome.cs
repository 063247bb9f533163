namespace Payload.Telemetry.Uplink;

/// <summary>What FARM-1 did with a frame (CCSDS 232.1-B-2 Table 6-1 events E1–E10).</summary>
public enum FarmOutcome
{
    /// <summary>In-sequence Type-AD frame accepted; V(R) advanced.</summary>
    AcceptedAd,

    /// <summary>Type-BD frame accepted (bypass); FARM-B counter advanced.</summary>
    AcceptedBd,

    /// <summary>Unlock executed.</summary>
    Unlocked,

    /// <summary>Set V(R) executed.</summary>
    VrSet,

    /// <summary>Set V(R) received in lockout: counted, V(R) left unchanged.</summary>
    VrSetIgnoredInLockout,

    /// <summary>Type-AD frame already accepted (negative window): discarded.</summary>
    DiscardedDuplicate,

    /// <summary>Type-AD frame ahead of V(R) (positive window): discarded, retransmission requested.</summary>
    DiscardedAhead,

    /// <summary>Type-AD frame outside both windows: discarded, FARM now in lockout.</summary>
    DiscardedEnteredLockout,

    /// <summary>Type-AD frame while in lockout: discarded.</summary>
    DiscardedLockout,

    /// <summary>Type-AD frame while no buffer is available (wait): discarded.</summary>
    DiscardedWait,

    /// <summary>Type-BC frame whose data is neither Unlock nor Set V(R).</summary>
    InvalidControlCommand,

    /// <summary>Frame for another virtual channel.</summary>
    WrongVirtualChannel,
}
