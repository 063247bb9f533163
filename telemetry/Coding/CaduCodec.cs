using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Payload.Telemetry.Coding;

/// <summary>
/// Turns a transfer frame into a CADU (ASM, then frame and interleaved Reed-Solomon check symbols,
/// pseudo-randomised) and a received codeblock back into a frame. Allocation-free; thread-safe.
/// </summary>
public sealed class CaduCodec(CaduFormat format)
{
    /// <summary>The layout this codec reads and writes.</summary>
    public CaduFormat Format { get; } = format ?? throw new ArgumentNullException(nameof(format));

    /// <summary>Writes the CADU for <paramref name="frame"/> (exactly L bytes) into <paramref name="cadu"/> (exactly the CADU length).</summary>
    public void Encode(ReadOnlySpan<byte> frame, Span<byte> cadu)
    {
        CheckLength(frame.Length, Format.FrameLength, nameof(frame));
        CheckLength(cadu.Length, Format.CaduLength, nameof(cadu));
        AttachedSyncMarker.Write(cadu);
        Span<byte> codeblock = cadu[AttachedSyncMarker.Length..];
        frame.CopyTo(codeblock);
        int depth = Format.InterleaveDepth;
        ref byte first = ref MemoryMarshal.GetReference(codeblock);
        for (int i = 0; i < depth; i++)
        {
            ReedSolomon255.EncodeStrided(ref Unsafe.Add(ref first, i), Format.MessageSymbolsPerCodeword, depth);
        }

        if (Format.Randomized)
        {
            PseudoRandomizer.Apply(codeblock);
        }
    }

    /// <summary>
    /// De-randomises and corrects <paramref name="codeblock"/> (the bytes after the ASM, exactly the codeblock
    /// length) in place; the frame is then its first L bytes. <paramref name="correctedPerCodeword"/> (I entries)
    /// receives each codeword's corrected-symbol count, or <see cref="ReedSolomon255.UncorrectableCodeword"/>.
    /// </summary>
    public CodeblockDecodeResult Decode(Span<byte> codeblock, Span<int> correctedPerCodeword)
    {
        CheckLength(codeblock.Length, Format.CodeblockLength, nameof(codeblock));
        int depth = Format.InterleaveDepth;
        if (correctedPerCodeword.Length < depth)
        {
            throw new ArgumentException($"Per-codeword results hold {correctedPerCodeword.Length} entries; the interleave depth is {depth}.", nameof(correctedPerCodeword));
        }

        if (Format.Randomized)
        {
            PseudoRandomizer.Apply(codeblock);
        }

        int corrected = 0;
        int uncorrectable = 0;
        int codewordLength = Format.MessageSymbolsPerCodeword + ReedSolomon255.ParityLength;
        ref byte first = ref MemoryMarshal.GetReference(codeblock);
        for (int i = 0; i < depth; i++)
        {
            int count = ReedSolomon255.DecodeStrided(ref Unsafe.Add(ref first, i), codewordLength, depth);
            correctedPerCodeword[i] = count;
            if (count == ReedSolomon255.UncorrectableCodeword)
            {
                uncorrectable++;
            }
            else
            {
                corrected += count;
            }
        }

        return new CodeblockDecodeResult(corrected, uncorrectable);
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} is {actual} bytes; this CADU format needs {expected}.", name);
        }
    }
}
