using Payload.Inference.Pipeline;

namespace Payload.Flight.Services;

/// <summary>The scene pipeline's protection counters as housekeeping reports them, summable across model swaps.</summary>
internal readonly record struct ProtectionFigures(long Disagreements, long UnresolvedVotes, long Repairs, long ScrubbedBlocks, long RerunTiles, long SuspectTiles)
{
    public static ProtectionFigures Of(TileProtectionCounters? counters) => counters is null
        ? default
        : new(
            counters.Disagreements(0) + counters.Disagreements(1) + counters.Disagreements(2),
            counters.Voting.UnresolvedRuns,
            counters.Repairs,
            counters.ScrubbedBlocks,
            counters.RerunTiles,
            counters.SuspectTiles);

    public static ProtectionFigures operator +(ProtectionFigures a, ProtectionFigures b) => new(
        a.Disagreements + b.Disagreements,
        a.UnresolvedVotes + b.UnresolvedVotes,
        a.Repairs + b.Repairs,
        a.ScrubbedBlocks + b.ScrubbedBlocks,
        a.RerunTiles + b.RerunTiles,
        a.SuspectTiles + b.SuspectTiles);
}
