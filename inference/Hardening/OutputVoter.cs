using System.Runtime.InteropServices;

namespace Payload.Inference.Hardening;

/// <summary>
/// Element-wise and class-map majority votes over three replica outputs, written in place into the
/// first. Each element a replica loses is counted against it in <c>outvoted</c> (length 3); the
/// return value is the number of elements without any majority.
/// </summary>
internal static class OutputVoter
{
    /// <summary>Whether two outputs agree under the element rule (exact bits or ULP tolerance).</summary>
    public static bool Agree(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int elementSize, int ulpTolerance)
    {
        if (a.SequenceEqual(b))
        {
            return true;
        }

        if (ulpTolerance == 0 || elementSize != sizeof(float))
        {
            return false;
        }

        ReadOnlySpan<int> x = MemoryMarshal.Cast<byte, int>(a);
        ReadOnlySpan<int> y = MemoryMarshal.Cast<byte, int>(b);
        for (int i = 0; i < x.Length; i++)
        {
            if (!WithinUlps(x[i], y[i], ulpTolerance))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element-wise 2-of-3 vote; <paramref name="a"/> receives the majority.</summary>
    public static long VoteElements(Span<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, int elementSize, int ulpTolerance, Span<long> outvoted)
    {
        if (a.SequenceEqual(b) && a.SequenceEqual(c))
        {
            return 0;
        }

        return elementSize switch
        {
            1 => Vote<byte, ExactRule<byte>>(a, b, c, outvoted, default),
            2 => Vote<ushort, ExactRule<ushort>>(MemoryMarshal.Cast<byte, ushort>(a), MemoryMarshal.Cast<byte, ushort>(b), MemoryMarshal.Cast<byte, ushort>(c), outvoted, default),
            4 when ulpTolerance > 0 => Vote<int, UlpRule>(MemoryMarshal.Cast<byte, int>(a), MemoryMarshal.Cast<byte, int>(b), MemoryMarshal.Cast<byte, int>(c), outvoted, new UlpRule(ulpTolerance)),
            4 => Vote<int, ExactRule<int>>(MemoryMarshal.Cast<byte, int>(a), MemoryMarshal.Cast<byte, int>(b), MemoryMarshal.Cast<byte, int>(c), outvoted, default),
            8 => Vote<long, ExactRule<long>>(MemoryMarshal.Cast<byte, long>(a), MemoryMarshal.Cast<byte, long>(b), MemoryMarshal.Cast<byte, long>(c), outvoted, default),
            _ => throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "Elements of 1, 2, 4 or 8 bytes can be voted."),
        };
    }

    /// <summary>Whether the arg-max class of every pixel is the same in both float32 outputs.</summary>
    public static bool SameClasses(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int outer, int classes, int inner)
    {
        if (MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b)))
        {
            return true;
        }

        for (int o = 0; o < outer; o++)
        {
            int start = o * classes * inner;
            for (int p = 0; p < inner; p++)
            {
                if (ArgMax(a, start + p, classes, inner) != ArgMax(b, start + p, classes, inner))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Per-pixel 2-of-3 vote on the arg-max class; where replica 0 is outvoted, the pixel's class
    /// vector is copied from a majority replica into <paramref name="a"/>.
    /// </summary>
    public static long VoteClasses(Span<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, int outer, int classes, int inner, Span<long> outvoted)
    {
        if (MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b)) && MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(c)))
        {
            return 0;
        }

        long unresolved = 0;
        for (int o = 0; o < outer; o++)
        {
            int start = o * classes * inner;
            for (int p = 0; p < inner; p++)
            {
                int first = start + p;
                int ka = ArgMax(a, first, classes, inner);
                int kb = ArgMax(b, first, classes, inner);
                int kc = ArgMax(c, first, classes, inner);
                if (ka == kb && ka == kc)
                {
                    continue;
                }

                if (ka == kb)
                {
                    outvoted[2]++;
                }
                else if (ka == kc)
                {
                    outvoted[1]++;
                }
                else if (kb == kc)
                {
                    outvoted[0]++;
                    for (int k = 0; k < classes; k++)
                    {
                        a[first + (k * inner)] = b[first + (k * inner)];
                    }
                }
                else
                {
                    unresolved++;
                }
            }
        }

        return unresolved;
    }

    private static int ArgMax(ReadOnlySpan<float> values, int first, int classes, int inner)
    {
        int best = 0;
        float bestValue = values[first];
        for (int k = 1; k < classes; k++)
        {
            float v = values[first + (k * inner)];
            if (v > bestValue)
            {
                best = k;
                bestValue = v;
            }
        }

        return best;
    }

    private static long Vote<T, TRule>(Span<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, Span<long> outvoted, TRule rule)
        where T : unmanaged
        where TRule : struct, IAgreementRule<T>
    {
        long unresolved = 0;
        for (int i = 0; i < a.Length; i++)
        {
            bool ab = rule.Agree(a[i], b[i]);
            bool ac = rule.Agree(a[i], c[i]);
            if (ab && ac)
            {
                continue;
            }

            bool bc = rule.Agree(b[i], c[i]);
            if (ab && bc)
            {
                a[i] = b[i]; // a and c are too far apart but both near b: b is the median
            }
            else if (ab)
            {
                outvoted[2]++;
            }
            else if (ac && bc)
            {
                a[i] = c[i];
            }
            else if (ac)
            {
                outvoted[1]++;
            }
            else if (bc)
            {
                outvoted[0]++;
                a[i] = b[i];
            }
            else
            {
                unresolved++;
            }
        }

        return unresolved;
    }

    private static bool WithinUlps(int x, int y, int tolerance)
    {
        // Map the sign-magnitude float bit pattern onto a monotonic integer line.
        long ox = x < 0 ? (long)int.MinValue - x : x;
        long oy = y < 0 ? (long)int.MinValue - y : y;
        return Math.Abs(ox - oy) <= tolerance;
    }

    private interface IAgreementRule<T>
    {
        bool Agree(T x, T y);
    }

    private readonly struct ExactRule<T> : IAgreementRule<T>
        where T : unmanaged, IEquatable<T>
    {
        public bool Agree(T x, T y) => x.Equals(y);
    }

    private readonly struct UlpRule(int tolerance) : IAgreementRule<int>
    {
        public bool Agree(int x, int y) => x == y || WithinUlps(x, y, tolerance);
    }
}
