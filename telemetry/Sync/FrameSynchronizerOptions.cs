namespace Payload.Telemetry.Sync;

/// <summary>Settings of a <see cref="FrameSynchronizer"/>; checked when the synchroniser is created.</summary>
public sealed record FrameSynchronizerOptions
{
    /// <summary>Largest tolerance accepted: with 16 or more, a marker and its complement could both match.</summary>
    public const int MaxToleratedBitErrors = 15;

    /// <summary>Largest check and flywheel counts accepted (they size the retained stream history).</summary>
    public const int MaxCount = 16;

    /// <summary>Bytes after each marker: the codeblock length (the frame alone when uncoded).</summary>
    public required int CodeblockLength { get; init; }

    /// <summary>Marker bit errors tolerated while searching and checking. Low, because every bit position is tried.</summary>
    public int SearchBitErrors { get; init; } = 2;

    /// <summary>Marker bit errors tolerated in lock, where only the expected position is tried.</summary>
    public int LockBitErrors { get; init; } = 4;

    /// <summary>Further markers, one codeblock apart, that must follow a candidate before it is trusted.</summary>
    public int CheckCount { get; init; } = 1;

    /// <summary>Consecutive missed markers bridged in lock before going back to search.</summary>
    public int FlywheelCount { get; init; } = 2;

    /// <summary>Whether the complemented marker is accepted (and the data inverted back).</summary>
    public bool DetectInvertedPolarity { get; init; } = true;

    internal void Validate()
    {
        if (CodeblockLength is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(CodeblockLength), CodeblockLength, $"Codeblock length must be 1..{ushort.MaxValue} bytes.");
        }

        CheckRange(SearchBitErrors, MaxToleratedBitErrors, nameof(SearchBitErrors));
        CheckRange(LockBitErrors, MaxToleratedBitErrors, nameof(LockBitErrors));
        CheckRange(CheckCount, MaxCount, nameof(CheckCount));
        CheckRange(FlywheelCount, MaxCount, nameof(FlywheelCount));
    }

    private static void CheckRange(int value, int maximum, string name)
    {
        if (value < 0 || value > maximum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0..{maximum}.");
        }
    }
}
