namespace Payload.Flight.Files;

/// <summary>The ground's CFDP entity for <see cref="FileUploader"/>: entity IDs, segment size, timers and test-bench PDU loss.</summary>
public sealed record FileUploadOptions
{
    private static readonly DateTimeOffset SequenceEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ulong GroundEntityId { get; init; } = 1;

    /// <summary>The payload's entity ID (its <c>files.entityId</c>).</summary>
    public ulong PayloadEntityId { get; init; } = 2;

    /// <summary>Transaction number of the upload; by default seconds since 2025-01-01, so a new run never reuses one.</summary>
    public ulong FirstSequenceNumber { get; init; } = (ulong)((DateTimeOffset.UtcNow - SequenceEpoch).Ticks / TimeSpan.TicksPerSecond);

    /// <summary>File data octets per PDU; with the PDU header it must fit one TC frame.</summary>
    public int SegmentLength { get; init; } = 512;

    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan NakTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction of PDUs dropped in each direction (test bench); 0 on a real pass.</summary>
    public double DropRate { get; init; }

    /// <summary>Seed of the drop pattern so a lossy run repeats exactly.</summary>
    public int DropSeed { get; init; }
}
