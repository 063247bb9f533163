namespace Payload.Flight.Executive;

/// <summary>One periodic group of work in the <see cref="RateGroupScheduler"/>.</summary>
internal sealed class RateGroup(string name, TimeSpan period, Action work)
{
    public string Name { get; } = name;

    public TimeSpan Period { get; set; } = period;

    public Action Work { get; } = work;

    /// <summary>Timestamp (of the scheduler's TimeProvider) at which the group runs next.</summary>
    public long NextDue { get; set; }

    public long Runs { get; set; }
}
