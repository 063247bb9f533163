namespace Payload.Telemetry.Tests.TestUtilities;

/// <summary>A seeded unreliable link: drops, duplicates and swaps neighbouring items; can be cut entirely.</summary>
internal sealed class LossyChannel(int seed, double dropRate, double duplicateRate = 0, double swapRate = 0)
{
    private readonly Random random = new(seed);
    private readonly List<byte[]> inFlight = [];

    public bool IsCut { get; set; }

    public int Dropped { get; private set; }

    public int Carried { get; private set; }

    public void Send(ReadOnlySpan<byte> item)
    {
        Carried++;
        if (IsCut || random.NextDouble() < dropRate)
        {
            Dropped++;
            return;
        }

        inFlight.Add(item.ToArray());
        if (random.NextDouble() < duplicateRate)
        {
            inFlight.Add(item.ToArray());
        }
    }

    /// <summary>Everything in flight, in arrival order (with neighbours swapped at the configured rate).</summary>
    public List<byte[]> Drain()
    {
        var arrived = new List<byte[]>(inFlight);
        inFlight.Clear();
        for (int i = 0; i + 1 < arrived.Count; i++)
        {
            if (random.NextDouble() < swapRate)
            {
                (arrived[i], arrived[i + 1]) = (arrived[i + 1], arrived[i]);
                i++;
            }
        }

        return arrived;
    }
}
