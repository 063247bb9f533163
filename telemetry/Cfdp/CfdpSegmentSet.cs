namespace Payload.Telemetry.Cfdp;

/// <summary>The file ranges received so far, kept sorted and merged.</summary>
internal sealed class CfdpSegmentSet
{
    private readonly List<CfdpSegment> ranges = [];

    public void Add(ulong start, ulong end)
    {
        if (end <= start)
        {
            return;
        }

        int i = 0;
        while (i < ranges.Count && ranges[i].End < start)
        {
            i++;
        }

        while (i < ranges.Count && ranges[i].Start <= end)
        {
            start = Math.Min(start, ranges[i].Start);
            end = Math.Max(end, ranges[i].End);
            ranges.RemoveAt(i);
        }

        ranges.Insert(i, new CfdpSegment(start, end));
    }

    public bool Covers(ulong size) => size == 0 || (ranges.Count == 1 && ranges[0].Start == 0 && ranges[0].End >= size);

    public ulong Extent => ranges.Count == 0 ? 0 : ranges[^1].End;

    /// <summary>Up to <paramref name="max"/> missing ranges below <paramref name="size"/>.</summary>
    public List<CfdpSegment> Gaps(ulong size, int max)
    {
        var gaps = new List<CfdpSegment>();
        ulong at = 0;
        foreach (CfdpSegment range in ranges)
        {
            if (gaps.Count == max || at >= size)
            {
                return gaps;
            }

            if (range.Start > at)
            {
                gaps.Add(new CfdpSegment(at, Math.Min(range.Start, size)));
            }

            at = Math.Max(at, range.End);
        }

        if (at < size && gaps.Count < max)
        {
            gaps.Add(new CfdpSegment(at, size));
        }

        return gaps;
    }
}
