namespace Payload.Flight.Executive;

/// <summary>What survives a reset: boot count, recent boot times, the last reset reason and the anti-replay high-water marks.</summary>
public sealed record BootState
{
    public long BootCount { get; init; }

    public IReadOnlyList<DateTimeOffset> RecentBoots { get; init; } = [];

    public string LastResetReason { get; init; } = "PowerOn";

    /// <summary>Highest accepted TC security sequence number per SPI.</summary>
    public IReadOnlyDictionary<ushort, uint> HighestAccepted { get; init; } = new Dictionary<ushort, uint>();
}
