namespace Payload.Telemetry.Uplink;

/// <summary>FOP-1 managed parameters (CCSDS 232.1-B-2 §5.1.7).</summary>
public sealed record FopOptions
{
    public byte VirtualChannelId { get; init; }

    public byte MapId { get; init; }

    /// <summary>K: most Type-AD frames outstanding; must stay below the FARM's positive window (W/2).</summary>
    public int SlidingWindowWidth { get; init; } = 8;

    /// <summary>T1: time without progress after which the sent queue is retransmitted.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retransmission rounds without an acknowledgement before the Limit alert.</summary>
    public int TransmissionLimit { get; init; } = 10;
}
