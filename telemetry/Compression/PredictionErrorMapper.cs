using System.Runtime.CompilerServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// The unit-delay predictor and prediction error mapper of 121.0-B-3 §4, on samples held as
/// unsigned n-bit numbers (signed samples have their sign bit flipped first: the mapping
/// depends only on distances to the range ends, which that shift preserves).
/// </summary>
internal static class PredictionErrorMapper
{
    /// <summary>δ for sample <paramref name="x"/> predicted by <paramref name="previous"/>, both in 0..<paramref name="xMax"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Map(uint x, uint previous, uint xMax)
    {
        if (x >= previous)
        {
            uint delta = x - previous;
            return delta <= previous ? delta << 1 : x;
        }

        uint down = previous - x;
        return down <= xMax - previous ? (down << 1) - 1 : xMax - x;
    }

    /// <summary>The sample that <paramref name="delta"/> codes after <paramref name="previous"/>; inverse of <see cref="Map"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Unmap(uint delta, uint previous, uint xMax)
    {
        uint headroom = xMax - previous;
        uint theta = previous < headroom ? previous : headroom;
        if (delta <= theta << 1)
        {
            uint half = (delta >> 1) + (delta & 1);
            return (delta & 1) == 0 ? previous + half : previous - half;
        }

        // Beyond ±θ the sign is implied by the nearer end of the range.
        return previous < headroom ? delta & xMax : (xMax - delta) & xMax;
    }
}
