using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Payload.Telemetry.Coding;

/// <summary>Whole-span XOR and NOT, a vector at a time, for the randomiser and polarity inversion.</summary>
internal static class BitwiseSpan
{
    /// <summary><paramref name="target"/>[i] ^= <paramref name="mask"/>[i] for every byte of target; mask must be at least as long.</summary>
    public static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        if (mask.Length < target.Length)
        {
            throw new ArgumentException($"Mask of {mask.Length} bytes is shorter than the {target.Length}-byte target.", nameof(mask));
        }

        ref byte t = ref MemoryMarshal.GetReference(target);
        ref byte m = ref MemoryMarshal.GetReference(mask);
        nuint length = (nuint)target.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<byte>.Count <= length; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref t, i) ^ Vector256.LoadUnsafe(ref m, i)).StoreUnsafe(ref t, i);
            }
        }

        for (; i + (nuint)Vector128<byte>.Count <= length; i += (nuint)Vector128<byte>.Count)
        {
            (Vector128.LoadUnsafe(ref t, i) ^ Vector128.LoadUnsafe(ref m, i)).StoreUnsafe(ref t, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref t, i) ^= Unsafe.Add(ref m, i);
        }
    }

    /// <summary>Inverts every bit of <paramref name="target"/>.</summary>
    public static void Not(Span<byte> target)
    {
        ref byte t = ref MemoryMarshal.GetReference(target);
        nuint length = (nuint)target.Length;
        nuint i = 0;
        for (; i + (nuint)Vector128<byte>.Count <= length; i += (nuint)Vector128<byte>.Count)
        {
            (~Vector128.LoadUnsafe(ref t, i)).StoreUnsafe(ref t, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref t, i) = (byte)~Unsafe.Add(ref t, i);
        }
    }
}
