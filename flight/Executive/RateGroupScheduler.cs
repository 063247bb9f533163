namespace Payload.Flight.Executive;

/// <summary>
/// Rate groups driven by a <see cref="TimeProvider"/>: <see cref="RunDue"/> runs every group whose period has come,
/// once, in the order they were added. Missed periods are not replayed (a late group runs once and is rescheduled from
/// now), so a stalled executive does not burst afterwards.
/// </summary>
internal sealed class RateGroupScheduler(TimeProvider time)
{
    private readonly List<RateGroup> groups = [];

    public IReadOnlyList<RateGroup> Groups => groups;

    public RateGroup Add(string name, double hertz, Action work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hertz, 0);
        var group = new RateGroup(name, TimeSpan.FromSeconds(1 / hertz), work) { NextDue = time.GetTimestamp() };
        groups.Add(group);
        return group;
    }

    /// <summary>Runs the due groups and returns how many ran.</summary>
    public int RunDue()
    {
        int ran = 0;
        foreach (RateGroup group in groups)
        {
            long now = time.GetTimestamp();
            if (now < group.NextDue)
            {
                continue;
            }
            long period = (long)(group.Period.TotalSeconds * time.TimestampFrequency);
            long next = group.NextDue + period;
            group.NextDue = next > now ? next : now + period;
            group.Runs++;
            group.Work();
            ran++;
        }
        return ran;
    }

    /// <summary>Changes a group's rate; it next runs one new period from now.</summary>
    public void SetRate(RateGroup group, double hertz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hertz, 0);
        group.Period = TimeSpan.FromSeconds(1 / hertz);
        group.NextDue = time.GetTimestamp() + (long)(group.Period.TotalSeconds * time.TimestampFrequency);
    }
}
