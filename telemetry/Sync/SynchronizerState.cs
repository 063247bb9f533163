namespace Payload.Telemetry.Sync;

/// <summary>States of the frame synchroniser: search, check, and lock with a flywheel.</summary>
public enum SynchronizerState
{
    /// <summary>Looking for the marker at every bit position.</summary>
    Search,

    /// <summary>A candidate marker was found; waiting for the following markers to confirm it.</summary>
    Check,

    /// <summary>Markers expected one CADU apart; a missing one is bridged by the flywheel.</summary>
    Lock,
}
