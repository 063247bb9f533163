namespace Payload.Inference.Hardening;

/// <summary>What a voted run found.</summary>
public enum VoteOutcome
{
    /// <summary>All replicas that ran agreed (always so in <see cref="RedundancyMode.None"/>).</summary>
    Unanimous,

    /// <summary>A replica disagreed and was outvoted; the output is the majority's.</summary>
    Corrected,

    /// <summary>Some element had no majority (all three differ); the output holds replica 0's value there.</summary>
    Unresolved,
}
