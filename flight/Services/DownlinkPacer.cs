namespace Payload.Flight.Services;

/// <summary>
/// A token bucket that holds the downlink to its configured bit rate: octets earn credit at the rate as
/// <see cref="TimeProvider"/> time passes, up to <see cref="BurstOctets"/>, and a CADU leaves only when the whole CADU is
/// covered. While it waits the CADUs stay in the virtual channels, so the multiplexer still picks the highest-priority
/// channel for the next one that leaves.
/// </summary>
internal sealed class DownlinkPacer
{
    private readonly TimeProvider time;
    private readonly long bitsPerSecond;

    // Credit in bits × timestamp ticks: whole-number arithmetic, so no rounding creeps in over a long run.
    private readonly Int128 capacity;
    private readonly Int128 bitTicksPerOctet;
    private Int128 credit;
    private long last;

    /// <param name="time">Real time on the host (a fake one in tests).</param>
    /// <param name="bitsPerSecond">The link rate; 0 means unpaced.</param>
    /// <param name="burstOctets">The most credit saved up while the link is idle; at least one CADU.</param>
    public DownlinkPacer(TimeProvider time, long bitsPerSecond, int burstOctets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstOctets);
        this.time = time;
        this.bitsPerSecond = bitsPerSecond;
        BurstOctets = burstOctets;
        bitTicksPerOctet = (Int128)8 * time.TimestampFrequency;
        capacity = burstOctets * bitTicksPerOctet;
        credit = capacity;
        last = time.GetTimestamp();
    }

    public bool IsPaced => bitsPerSecond > 0;

    public int BurstOctets { get; }

    /// <summary>Whether the credit earned so far covers <paramref name="octets"/>.</summary>
    public bool CanSend(int octets)
    {
        if (!IsPaced)
        {
            return true;
        }
        long now = time.GetTimestamp();
        credit = Int128.Min(capacity, credit + ((Int128)(now - last) * bitsPerSecond));
        last = now;
        return credit >= octets * bitTicksPerOctet;
    }

    /// <summary>Spends the credit of <paramref name="octets"/> that left.</summary>
    public void Sent(int octets)
    {
        if (IsPaced)
        {
            credit -= octets * bitTicksPerOctet;
        }
    }
}
