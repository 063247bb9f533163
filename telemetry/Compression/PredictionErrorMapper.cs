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
        // Branch-free on the sign of Δ, which is a coin toss on noisy data: m is 0 for Δ ≥ 0, −1 below.
        long delta = (long)x - previous;
        long m = delta >> 63;
        ulong magnitude = (ulong)((delta ^ m) - m);
        uint headroom = xMax - previous;
        uint theta = previous < headroom ? previous : headroom;
        return magnitude <= theta ? (uint)((2 * magnitude) + (ulong)m) : (uint)(theta + magnitude);
    }

    /// <summary>The sample that <paramref name="delta"/> codes after <paramref name="previous"/>; inverse of <see cref="Map"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Unmap(uint delta, uint previous, uint xMax)
    {
        uint headroom = xMax - previous;
        uint theta = previous < headroom ? previous : headroom;
        if (delta <= theta << 1)
        {
            // Even δ adds δ/2, odd δ subtracts (δ+1)/2: negate through the parity mask, without a branch.
            uint half = (delta >> 1) + (delta & 1);
            uint negate = 0u - (delta & 1);
            return previous + ((half ^ negate) - negate);
        }

        // Beyond ±θ the sign is implied by the nearer end of the range.
        return previous < headroom ? delta & xMax : (xMax - delta) & xMax;
    }
}
