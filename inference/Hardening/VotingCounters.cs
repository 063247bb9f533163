using System.Globalization;

namespace Payload.Inference.Hardening;

/// <summary>
/// What the votes of a <see cref="RedundantSession"/> found since it was made (or last
/// <see cref="Reset"/>): runs by outcome, and each disagreement attributed to the replica that was
/// outvoted. Updated by the thread that runs the session; read it from that thread.
/// </summary>
public sealed class VotingCounters
{
    private readonly long[] _outvotedRuns = new long[RedundantSession.MaxReplicas];
    private readonly long[] _outvotedElements = new long[RedundantSession.MaxReplicas];

    /// <summary>Voted runs.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs in which some replica was outvoted and the majority's output was used.</summary>
    public long CorrectedRuns { get; private set; }

    /// <summary>Runs with at least one element on which no two replicas agreed.</summary>
    public long UnresolvedRuns { get; private set; }

    /// <summary>Elements (or pixels, for a class-map vote) on which no two replicas agreed.</summary>
    public long UnresolvedElements { get; private set; }

    /// <summary>In <see cref="RedundancyMode.Dmr"/>: runs where the two replicas disagreed and the third was run.</summary>
    public long TieBreakRuns { get; private set; }

    /// <summary>Runs in which replica <paramref name="replica"/> was outvoted on at least one element.</summary>
    public long OutvotedRuns(int replica) => _outvotedRuns[replica];

    /// <summary>Elements (or pixels) on which replica <paramref name="replica"/> was outvoted.</summary>
    public long OutvotedElements(int replica) => _outvotedElements[replica];

    /// <summary>Runs in which any replica was outvoted or nothing agreed: every disagreement seen.</summary>
    public long DisagreeingRuns => CorrectedRuns + UnresolvedRuns;

    public void Reset()
    {
        Runs = CorrectedRuns = UnresolvedRuns = UnresolvedElements = TieBreakRuns = 0;
        Array.Clear(_outvotedRuns);
        Array.Clear(_outvotedElements);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"runs {Runs}, corrected {CorrectedRuns}, unresolved {UnresolvedRuns} ({UnresolvedElements} elements), tie-breaks {TieBreakRuns}, " +
        $"outvoted runs [{string.Join(", ", _outvotedRuns)}], outvoted elements [{string.Join(", ", _outvotedElements)}]");

    internal void Record(VoteOutcome outcome, ReadOnlySpan<long> outvotedElements, long unresolvedElements, bool tieBreak)
    {
        Runs++;
        if (tieBreak)
        {
            TieBreakRuns++;
        }

        if (outcome == VoteOutcome.Corrected)
        {
            CorrectedRuns++;
        }
        else if (outcome == VoteOutcome.Unresolved)
        {
            UnresolvedRuns++;
        }

        UnresolvedElements += unresolvedElements;
        for (int r = 0; r < outvotedElements.Length; r++)
        {
            if (outvotedElements[r] > 0)
            {
                _outvotedRuns[r]++;
                _outvotedElements[r] += outvotedElements[r];
            }
        }
    }
}
