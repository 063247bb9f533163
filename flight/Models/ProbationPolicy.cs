namespace Payload.Flight.Models;

/// <summary>
/// How long a newly activated slot is on trial: it passes after <see cref="Uses"/> successful uses or once
/// <see cref="Duration"/> has elapsed, whichever comes first; it fails on any failed use or when the payload
/// boots more than <see cref="MaxBoots"/> times before passing.
/// </summary>
public sealed record ProbationPolicy(int Uses, TimeSpan Duration, int MaxBoots)
{
    /// <summary>100 inferences or 30 minutes, at most 2 boots.</summary>
    public static ProbationPolicy Default { get; } = new(100, TimeSpan.FromMinutes(30), 2);
}
