namespace Payload.Flight.Executive;

/// <summary>Counts faults in a sliding time window; reaching the limit means SAFE.</summary>
internal sealed class FaultMonitor(TimeProvider time, int maxFaults, TimeSpan window)
{
    private readonly Queue<DateTimeOffset> faults = new();

    public int Count
    {
        get
        {
            Expire();
            return faults.Count;
        }
    }

    /// <summary>Records one fault; returns whether the limit is now reached.</summary>
    public bool Record()
    {
        Expire();
        faults.Enqueue(time.GetUtcNow());
        return faults.Count >= maxFaults;
    }

    public int Limit => maxFaults;

    public void Clear() => faults.Clear();

    private void Expire()
    {
        DateTimeOffset oldest = time.GetUtcNow() - window;
        while (faults.Count > 0 && faults.Peek() <= oldest)
        {
            faults.Dequeue();
        }
    }
}
