using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Payload.Telemetry.Coding;

/// <summary>
/// The CCSDS Reed-Solomon (255,223) code with E = 16 in the dual-basis symbol representation (131.0-B §4).
/// Codewords may be shortened: a message of fewer than 223 symbols stands for one whose leading symbols
/// are virtual fill (zeros that are never sent). One codeword per call; <see cref="CaduCodec"/> interleaves.
/// </summary>
public static class ReedSolomon255
{
    /// <summary>Symbols per full codeword, n (131.0-B §4.3.1).</summary>
    public const int CodewordLength = 255;

    /// <summary>Information symbols per full codeword, k = n − 2E (131.0-B §4.3.1).</summary>
    public const int MessageLength = CodewordLength - ParityLength;

    /// <summary>Check symbols per codeword, 2E.</summary>
    public const int ParityLength = 2 * CorrectableSymbols;

    /// <summary>Symbol errors correctable per codeword, E (131.0-B §4.3.1).</summary>
    public const int CorrectableSymbols = 16;

    /// <summary>What the interleaved decoders report for a codeword they could not correct.</summary>
    public const int UncorrectableCodeword = -1;

    /// <summary>The generator's roots are α^(11·j) for j = 128 − E … 127 + E (131.0-B §4.3.2).</summary>
    internal const int RootExponentStep = 11;

    /// <summary>First j of the generator's roots, 128 − E (131.0-B §4.3.2).</summary>
    internal const int FirstRootIndex = 128 - CorrectableSymbols;

    private const int RegisterWords = ParityLength / sizeof(ulong);

    /// <summary>
    /// Row f (4 little-endian words = 32 dual-basis symbols) is f·g_{31−k} for k = 0..31: what feedback symbol f
    /// adds to the parity register. Multiplication by a constant is linear over GF(2), so it is tabulated
    /// directly on dual-basis symbols and the hot loop never converts between bases.
    /// </summary>
    private static readonly ulong[] FeedbackTable = BuildFeedbackTable();

    /// <summary>
    /// Computes the 32 parity symbols of <paramref name="message"/> (1 to 223 symbols; fewer than 223 means
    /// 223 − length symbols of virtual fill) into the first 32 bytes of <paramref name="parity"/>.
    /// </summary>
    public static void Encode(ReadOnlySpan<byte> message, Span<byte> parity)
    {
        CheckMessageLength(message.Length);
        if (parity.Length < ParityLength)
        {
            throw new ArgumentException($"Parity buffer holds {parity.Length} bytes; {ParityLength} are needed.", nameof(parity));
        }

        ParityRegister register = Divide(ref MemoryMarshal.GetReference(message), message.Length, 1);
        register.Store(ref MemoryMarshal.GetReference(parity), 1);
    }

    /// <summary>
    /// Corrects <paramref name="codeword"/> (message then parity, 33 to 255 symbols) in place when it holds at
    /// most 16 symbol errors. Returns false, leaving the codeword untouched, when the errors are detected
    /// as uncorrectable.
    /// </summary>
    public static bool TryDecode(Span<byte> codeword, out int correctedSymbols)
    {
        if (codeword.Length is <= ParityLength or > CodewordLength)
        {
            throw new ArgumentOutOfRangeException(nameof(codeword), codeword.Length,
                $"Codeword length must be {ParityLength + 1}..{CodewordLength} symbols (message plus {ParityLength} parity).");
        }

        correctedSymbols = DecodeStrided(ref MemoryMarshal.GetReference(codeword), codeword.Length, 1);
        return correctedSymbols != UncorrectableCodeword;
    }

    /// <summary>
    /// Encodes the codeword whose symbols sit every <paramref name="stride"/> bytes from <paramref name="first"/>:
    /// <paramref name="messageLength"/> message symbols, then the parity is written after them at the same stride.
    /// </summary>
    internal static void EncodeStrided(ref byte first, int messageLength, int stride)
    {
        ParityRegister register = Divide(ref first, messageLength, stride);
        register.Store(ref Unsafe.Add(ref first, messageLength * stride), stride);
    }

    /// <summary>
    /// Decodes in place the codeword of <paramref name="codewordLength"/> symbols found every
    /// <paramref name="stride"/> bytes from <paramref name="first"/>; returns the number of corrected symbols or
    /// <see cref="UncorrectableCodeword"/> (then nothing was changed).
    /// </summary>
    internal static int DecodeStrided(ref byte first, int codewordLength, int stride)
    {
        int messageLength = codewordLength - ParityLength;
        ParityRegister remainder = Divide(ref first, messageLength, stride);
        remainder = remainder.XorWith(ref Unsafe.Add(ref first, messageLength * stride), stride);
        return remainder.IsZero ? 0 : Correct(ref first, codewordLength, stride, remainder);
    }

    internal static void CheckMessageLength(int length)
    {
        if (length is < 1 or > MessageLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"Message length must be 1..{MessageLength} symbols ({MessageLength} minus the virtual fill).");
        }
    }

    /// <summary>
    /// Remainder of message(x)·x^32 divided by the generator, as the dual-basis parity symbols: a table-driven
    /// LFSR whose 32-symbol register lives in four 64-bit words (symbol 0, the highest power, in the low byte).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ParityRegister Divide(ref byte message, int count, int stride)
    {
        ref ulong table = ref MemoryMarshal.GetArrayDataReference(FeedbackTable);
        ulong r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        ref byte symbol = ref message;
        for (int i = 0; i < count; i++)
        {
            nuint feedback = (nuint)(symbol ^ (byte)r0);
            ref ulong row = ref Unsafe.Add(ref table, feedback * RegisterWords);
            r0 = (r0 >> 8 | r1 << 56) ^ row;
            r1 = (r1 >> 8 | r2 << 56) ^ Unsafe.Add(ref row, 1);
            r2 = (r2 >> 8 | r3 << 56) ^ Unsafe.Add(ref row, 2);
            r3 = r3 >> 8 ^ Unsafe.Add(ref row, 3);
            symbol = ref Unsafe.Add(ref symbol, stride);
        }

        return new ParityRegister(r0, r1, r2, r3);
    }

    /// <summary>The slow path: syndromes, Berlekamp–Massey, Chien search, Forney, then a re-check.</summary>
    private static int Correct(ref byte first, int codewordLength, int stride, ParityRegister remainder)
    {
        // r(x) ≡ remainder(x) mod g(x) and g vanishes at every root, so the syndromes come from the
        // 32-symbol remainder instead of the whole codeword.
        Span<byte> remainderSymbols = stackalloc byte[ParityLength];
        remainder.Store(ref MemoryMarshal.GetReference(remainderSymbols), 1);
        Span<byte> syndromes = stackalloc byte[ParityLength];
        for (int i = 0; i < ParityLength; i++)
        {
            byte root = GaloisField256.Power(RootExponentStep * (FirstRootIndex + i));
            byte sum = 0;
            foreach (byte symbol in remainderSymbols)
            {
                sum = (byte)(GaloisField256.Multiply(sum, root) ^ GaloisField256.FromDual[symbol]);
            }

            syndromes[i] = sum;
        }

        Span<byte> locator = stackalloc byte[ParityLength + 1];
        int degree = BerlekampMassey(syndromes, locator);
        if (degree > CorrectableSymbols)
        {
            return UncorrectableCodeword;
        }

        Span<int> errorDegrees = stackalloc int[CorrectableSymbols];
        int found = ChienSearch(locator, degree, codewordLength, errorDegrees);
        if (found != degree)
        {
            return UncorrectableCodeword;
        }

        Span<byte> magnitudes = stackalloc byte[CorrectableSymbols];
        if (!Forney(syndromes, locator, degree, errorDegrees[..found], magnitudes))
        {
            return UncorrectableCodeword;
        }

        for (int e = 0; e < found; e++)
        {
            Unsafe.Add(ref first, (codewordLength - 1 - errorDegrees[e]) * stride) ^= GaloisField256.ToDual[magnitudes[e]];
        }

        // Never hand on a "correction" that is not a codeword: re-divide, and undo when it is not.
        ParityRegister check = Divide(ref first, codewordLength - ParityLength, stride);
        check = check.XorWith(ref Unsafe.Add(ref first, (codewordLength - ParityLength) * stride), stride);
        if (!check.IsZero)
        {
            for (int e = 0; e < found; e++)
            {
                Unsafe.Add(ref first, (codewordLength - 1 - errorDegrees[e]) * stride) ^= GaloisField256.ToDual[magnitudes[e]];
            }

            return UncorrectableCodeword;
        }

        return found;
    }

    /// <summary>Error-locator Λ(x) from the syndromes; returns its degree L.</summary>
    private static int BerlekampMassey(ReadOnlySpan<byte> syndromes, Span<byte> locator)
    {
        Span<byte> previous = stackalloc byte[ParityLength + 1];
        Span<byte> saved = stackalloc byte[ParityLength + 1];
        locator.Clear();
        locator[0] = 1;
        previous[0] = 1;
        int degree = 0;
        int shift = 1;
        byte previousDiscrepancy = 1;
        for (int n = 0; n < ParityLength; n++)
        {
            byte discrepancy = syndromes[n];
            for (int i = 1; i <= degree; i++)
            {
                discrepancy ^= GaloisField256.Multiply(locator[i], syndromes[n - i]);
            }

            if (discrepancy == 0)
            {
                shift++;
                continue;
            }

            byte scale = GaloisField256.Divide(discrepancy, previousDiscrepancy);
            if (2 * degree <= n)
            {
                locator.CopyTo(saved);
                SubtractShifted(locator, previous, scale, shift);
                degree = n + 1 - degree;
                saved.CopyTo(previous);
                previousDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                SubtractShifted(locator, previous, scale, shift);
                shift++;
            }
        }

        return degree;
    }

    /// <summary>locator −= scale · x^shift · previous.</summary>
    private static void SubtractShifted(Span<byte> locator, ReadOnlySpan<byte> previous, byte scale, int shift)
    {
        for (int i = 0; i + shift < locator.Length; i++)
        {
            locator[i + shift] ^= GaloisField256.Multiply(scale, previous[i]);
        }
    }

    /// <summary>
    /// Finds the degrees d (0 = last parity symbol) of the sent positions where Λ(β^−d) = 0, β = α^11.
    /// Roots that fall in the virtual fill are not counted, so such a codeword is reported uncorrectable.
    /// </summary>
    private static int ChienSearch(ReadOnlySpan<byte> locator, int degree, int codewordLength, Span<int> errorDegrees)
    {
        int found = 0;
        for (int d = 0; d < codewordLength; d++)
        {
            byte sum = locator[0];
            for (int i = 1; i <= degree; i++)
            {
                if (locator[i] != 0)
                {
                    sum ^= GaloisField256.Multiply(locator[i], GaloisField256.Power(-RootExponentStep * d * i));
                }
            }

            if (sum == 0)
            {
                if (found == errorDegrees.Length)
                {
                    return found + 1;
                }

                errorDegrees[found++] = d;
            }
        }

        return found;
    }

    /// <summary>Error values Y = X^(1−b)·Ω(X^−1)/Λ'(X^−1) with Ω = S·Λ mod x^32 and b = 112; false if one is degenerate.</summary>
    private static bool Forney(ReadOnlySpan<byte> syndromes, ReadOnlySpan<byte> locator, int degree, ReadOnlySpan<int> errorDegrees, Span<byte> magnitudes)
    {
        Span<byte> evaluator = stackalloc byte[ParityLength];
        for (int k = 0; k < ParityLength; k++)
        {
            byte sum = 0;
            for (int j = 0; j <= Math.Min(k, degree); j++)
            {
                sum ^= GaloisField256.Multiply(locator[j], syndromes[k - j]);
            }

            evaluator[k] = sum;
        }

        for (int e = 0; e < errorDegrees.Length; e++)
        {
            int logX = RootExponentStep * errorDegrees[e];
            byte omega = 0;
            for (int k = 0; k < ParityLength; k++)
            {
                omega ^= GaloisField256.Multiply(evaluator[k], GaloisField256.Power(-logX * k));
            }

            byte derivative = 0;
            for (int i = 1; i <= degree; i += 2)
            {
                derivative ^= GaloisField256.Multiply(locator[i], GaloisField256.Power(-logX * (i - 1)));
            }

            if (omega == 0 || derivative == 0)
            {
                return false;
            }

            byte factor = GaloisField256.Power(logX * (1 - FirstRootIndex));
            magnitudes[e] = GaloisField256.Multiply(factor, GaloisField256.Divide(omega, derivative));
        }

        return true;
    }

    private static ulong[] BuildFeedbackTable()
    {
        Span<byte> generator = stackalloc byte[ParityLength + 1];
        generator[0] = 1;
        for (int j = 0; j < ParityLength; j++)
        {
            // generator ·= (x + α^(11·(112 + j)))
            byte root = GaloisField256.Power(RootExponentStep * (FirstRootIndex + j));
            for (int i = j + 1; i > 0; i--)
            {
                generator[i] = (byte)(generator[i - 1] ^ GaloisField256.Multiply(generator[i], root));
            }

            generator[0] = GaloisField256.Multiply(generator[0], root);
        }

        ulong[] table = new ulong[256 * RegisterWords];
        Span<byte> row = stackalloc byte[ParityLength];
        for (int dual = 0; dual < 256; dual++)
        {
            byte feedback = GaloisField256.FromDual[dual];
            for (int k = 0; k < ParityLength; k++)
            {
                row[k] = GaloisField256.ToDual[GaloisField256.Multiply(feedback, generator[ParityLength - 1 - k])];
            }

            for (int w = 0; w < RegisterWords; w++)
            {
                table[dual * RegisterWords + w] = BinaryPrimitives.ReadUInt64LittleEndian(row[(w * sizeof(ulong))..]);
            }
        }

        return table;
    }

    /// <summary>The 32 parity symbols as four little-endian words; symbol 0 is the low byte of W0.</summary>
    private readonly struct ParityRegister(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        private readonly ulong _w0 = w0, _w1 = w1, _w2 = w2, _w3 = w3;

        public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

        public void Store(ref byte first, int stride)
        {
            if (stride == 1)
            {
                Unsafe.WriteUnaligned(ref first, LittleEndian(_w0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref first, 8), LittleEndian(_w1));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref first, 16), LittleEndian(_w2));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref first, 24), LittleEndian(_w3));
                return;
            }

            Scatter(ref first, stride, _w0, 0);
            Scatter(ref first, stride, _w1, 8);
            Scatter(ref first, stride, _w2, 16);
            Scatter(ref first, stride, _w3, 24);
        }

        /// <summary>This register XOR the 32 symbols at <paramref name="first"/> (stride apart).</summary>
        public ParityRegister XorWith(ref byte first, int stride)
        {
            if (stride == 1)
            {
                return new ParityRegister(
                    _w0 ^ LittleEndian(Unsafe.ReadUnaligned<ulong>(ref first)),
                    _w1 ^ LittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 8))),
                    _w2 ^ LittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 16))),
                    _w3 ^ LittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 24))));
            }

            return new ParityRegister(
                _w0 ^ Gather(ref first, stride, 0),
                _w1 ^ Gather(ref first, stride, 8),
                _w2 ^ Gather(ref first, stride, 16),
                _w3 ^ Gather(ref first, stride, 24));
        }

        private static ulong LittleEndian(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

        private static void Scatter(ref byte first, int stride, ulong word, int firstSymbol)
        {
            for (int b = 0; b < sizeof(ulong); b++)
            {
                Unsafe.Add(ref first, (firstSymbol + b) * stride) = (byte)(word >> (8 * b));
            }
        }

        private static ulong Gather(ref byte first, int stride, int firstSymbol)
        {
            ulong word = 0;
            for (int b = 0; b < sizeof(ulong); b++)
            {
                word |= (ulong)Unsafe.Add(ref first, (firstSymbol + b) * stride) << (8 * b);
            }

            return word;
        }
    }
}
