namespace Payload.Telemetry.Cfdp;

/// <summary>Managed parameters of one CFDP entity (CCSDS 727.0-B-5 §8). Timers run on the entity's TimeProvider.</summary>
public sealed record CfdpEntityOptions
{
    public required ulong EntityId { get; init; }

    /// <summary>Folder that receives files; partial files live there as hidden <c>.part</c> files until verified.</summary>
    public required string StagingDirectory { get; init; }

    /// <summary>Octets used for entity IDs in PDUs this entity originates (1–8).</summary>
    public int EntityIdLength { get; init; } = 2;

    /// <summary>Octets used for transaction sequence numbers this entity originates (1–8).</summary>
    public int SequenceNumberLength { get; init; } = 4;

    /// <summary>
    /// Sequence number of this entity's first transaction. An entity that restarts (a ground tool run per upload) starts
    /// past the numbers it used before so the peer never takes a new transaction for a finished one.
    /// </summary>
    public ulong FirstSequenceNumber { get; init; } = 1;

    /// <summary>File data octets per File Data PDU.</summary>
    public int SegmentLength { get; init; } = 512;

    public bool UseCrc { get; init; } = true;

    /// <summary>Positive acknowledgement timer for EOF and Finished (class 2).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int AckLimit { get; init; } = 10;

    /// <summary>Time between NAKs while data is still missing after EOF (class 2).</summary>
    public TimeSpan NakTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int NakLimit { get; init; } = 10;

    /// <summary>A transaction that hears nothing from its peer for this long is abandoned.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>File Data PDUs each sending transaction may emit per <see cref="CfdpEntity.Poll"/>.</summary>
    public int FileDataPerPoll { get; init; } = 16;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(StagingDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(EntityIdLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EntityIdLength, CfdpLayout.MaxFieldLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(SequenceNumberLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SequenceNumberLength, CfdpLayout.MaxFieldLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentLength, 16);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SegmentLength, 60_000);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AckLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(NakLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FileDataPerPoll);
        if (SequenceNumberLength < CfdpLayout.MaxFieldLength && FirstSequenceNumber >> (8 * SequenceNumberLength) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstSequenceNumber), FirstSequenceNumber, $"sequence number does not fit in {SequenceNumberLength} octets");
        }

        if (EntityIdLength < CfdpLayout.MaxFieldLength && EntityId >> (8 * EntityIdLength) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EntityId), EntityId, $"entity ID does not fit in {EntityIdLength} octets");
        }
    }
}
