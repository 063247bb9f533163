namespace Payload.Telemetry.Security;

/// <summary>Highest accepted sequence number plus a bitmap of the ones just below it (bit n = highest − n).</summary>
internal struct AntiReplayWindow
{
    private uint highest;
    private ulong seen;
    private bool any;

    public readonly uint Highest => highest;

    public readonly bool IsFresh(uint sequenceNumber, int window)
    {
        if (!any || sequenceNumber > highest)
        {
            return true;
        }

        uint age = highest - sequenceNumber;
        return age < (uint)window && (seen & (1UL << (int)age)) == 0;
    }

    /// <summary>Starts over at <paramref name="sequenceNumber"/> with the whole window marked as seen (nothing older is known to be unused).</summary>
    public void Restore(uint sequenceNumber)
    {
        highest = sequenceNumber;
        seen = ulong.MaxValue;
        any = true;
    }

    public void Record(uint sequenceNumber)
    {
        if (!any || sequenceNumber > highest)
        {
            uint shift = any ? sequenceNumber - highest : 64;
            seen = shift >= 64 ? 1UL : (seen << (int)shift) | 1UL;
            highest = sequenceNumber;
            any = true;
            return;
        }

        uint age = highest - sequenceNumber;
        if (age < 64)
        {
            seen |= 1UL << (int)age;
        }
    }
}
