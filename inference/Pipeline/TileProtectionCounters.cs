using System.Globalization;
using Payload.Inference.Hardening;

namespace Payload.Inference.Pipeline;

/// <summary>
/// What the protections of a <see cref="TilePipeline"/> saw since it was made, for housekeeping.
/// Updated by the thread that runs the pipeline; read it from that thread (or copy it there).
/// </summary>
public sealed class TileProtectionCounters
{
    private readonly TileProtection _protection;

    internal TileProtectionCounters(TileProtection protection) => _protection = protection;

    /// <summary>Tiles run (re-runs included).</summary>
    public long Tiles { get; internal set; }

    /// <summary>The votes: runs, corrected and unresolved runs, tie-breaks, and per replica the runs it was outvoted in.</summary>
    public VotingCounters Voting => _protection.Session.Counters;

    /// <summary>Runs in which replica <paramref name="replica"/> disagreed with the majority (0 for replicas the mode does not run).</summary>
    public long Disagreements(int replica) => replica < _protection.Session.ReplicaCount ? Voting.OutvotedRuns(replica) : 0;

    /// <summary>Weight blocks checked by the scrubber.</summary>
    public long ScrubbedBlocks => _protection.Scrubber?.BlocksChecked ?? 0;

    /// <summary>Corrupted weight blocks found and rewritten from a golden copy.</summary>
    public long Repairs => _protection.Scrubber is { } s ? s.Faults - s.Unrepairable : 0;

    /// <summary>Corrupted weight blocks no golden copy could repair.</summary>
    public long Unrepairable => _protection.Scrubber?.Unrepairable ?? 0;

    /// <summary>Tiles run again on repaired weights because a corrupted block may have touched them.</summary>
    public long RerunTiles { get; internal set; }

    /// <summary>Tiles left flagged <see cref="TileProduct.Suspect"/> (unresolved vote, unrepairable block, or <see cref="SuspectTileHandling.Flag"/>).</summary>
    public long SuspectTiles { get; internal set; }

    /// <summary>
    /// Results in a corrupted block's suspect range that belonged to earlier scenes, already handed
    /// out and beyond re-running (counted per faulted block).
    /// </summary>
    public long SuspectEarlierResults { get; internal set; }

    /// <summary>Runs in which at least one range guard was hit.</summary>
    public long GuardHitRuns => _protection.Guards?.RunsWithHits ?? 0;

    /// <summary>Guarded tensors found out of range, summed over runs.</summary>
    public long GuardHits { get; internal set; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"tiles {Tiles}, disagreements [{Disagreements(0)}, {Disagreements(1)}, {Disagreements(2)}], unresolved runs {Voting.UnresolvedRuns}, " +
        $"repairs {Repairs}, unrepairable {Unrepairable}, re-run tiles {RerunTiles}, suspect tiles {SuspectTiles}, " +
        $"suspect earlier results {SuspectEarlierResults}, guard hits {GuardHits} in {GuardHitRuns} runs");
}
