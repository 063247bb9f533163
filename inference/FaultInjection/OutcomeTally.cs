namespace Payload.Inference.FaultInjection;

/// <summary>Outcome counts of one group of injections (a target, a bit field, or all), with Wilson intervals.</summary>
public sealed class OutcomeTally
{
    private readonly long[] _counts = new long[Enum.GetValues<InjectionOutcome>().Length];

    /// <summary>Creates an empty tally for the group <paramref name="group"/>.</summary>
    public OutcomeTally(string group) => Group = group;

    /// <summary>The group's name.</summary>
    public string Group { get; }

    /// <summary>Injections with an outcome in this group.</summary>
    public long Total { get; private set; }

    /// <summary>Tallies <paramref name="records"/> (those with an outcome) by <paramref name="group"/>; groups sorted by name.</summary>
    public static IReadOnlyList<OutcomeTally> By(IEnumerable<InjectionRecord> records, Func<InjectionRecord, string> group)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(group);
        SortedDictionary<string, OutcomeTally> tallies = new(StringComparer.Ordinal);
        foreach (InjectionRecord record in records)
        {
            if (record.Outcome is not { } outcome)
            {
                continue;
            }

            string key = group(record);
            if (!tallies.TryGetValue(key, out OutcomeTally? tally))
            {
                tally = new OutcomeTally(key);
                tallies.Add(key, tally);
            }

            tally.Add(outcome);
        }

        return [.. tallies.Values];
    }

    /// <summary>Counts one outcome.</summary>
    public void Add(InjectionOutcome outcome)
    {
        _counts[(int)outcome]++;
        Total++;
    }

    /// <summary>How many injections had <paramref name="outcome"/>.</summary>
    public long Count(InjectionOutcome outcome) => _counts[(int)outcome];

    /// <summary>The rate of <paramref name="outcome"/> with its 95 % Wilson score interval.</summary>
    public WilsonInterval Rate(InjectionOutcome outcome) => WilsonInterval.Of(Count(outcome), Total);
}
