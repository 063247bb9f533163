using Payload.Inference.Hardening;

namespace Payload.Inference.Pipeline;

/// <summary>
/// The radiation protections a <see cref="TilePipeline"/> runs its tiles under (issue 5): redundant
/// replicas with voting, weight scrubbing between runs and range-guard hit counting. The pipeline
/// uses these objects but does not own them; the caller disposes the session.
/// </summary>
public sealed class TileProtection
{
    /// <summary>The replicas (<see cref="RedundancyMode.None"/>, Dmr or Tmr) every batch of tiles runs through.</summary>
    public required RedundantSession Session { get; init; }

    /// <summary>
    /// Scrubs the weights (usually <see cref="WeightScrubber.For(RedundantSession, WeightScrubberOptions?, TimeProvider?)"/>
    /// of <see cref="Session"/>): the pipeline records one result per run and calls
    /// <see cref="WeightScrubber.ScrubDue"/> after each, so blocks are walked at the scrubber's period. Null for no scrubbing.
    /// </summary>
    public WeightScrubber? Scrubber { get; init; }

    /// <summary>
    /// Counts range-guard hits when <see cref="Session"/> runs a <see cref="GuardedModel"/> with hit reporting
    /// (its extremes output, <see cref="RangeGuardMonitor.ExtremesOutput"/>). Null when the model is not guarded.
    /// </summary>
    public RangeGuardMonitor? Guards { get; init; }

    /// <summary>Re-run (default) or flag the tiles a corrupted weight block may have touched.</summary>
    public SuspectTileHandling SuspectTiles { get; init; } = SuspectTileHandling.Rerun;
}
