namespace Payload.Inference.Hardening;

/// <summary>How a <see cref="WeightScrubber"/> walks the weights.</summary>
public sealed class WeightScrubberOptions
{
    /// <summary>Bytes per checked block (one CRC-32C each); the last block of a buffer may be shorter.</summary>
    public int BlockSize { get; init; } = 4096;

    /// <summary>Time in which <see cref="WeightScrubber.ScrubDue"/> checks every block once.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 4, nameof(BlockSize));
        if (Period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Period), Period, "The scrub period must be positive.");
        }
    }
}
