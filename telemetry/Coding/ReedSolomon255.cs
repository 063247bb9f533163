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

    /// <summary>Message symbols consumed per step of the sliced LFSR.</summary>
    private const int SliceSymbols = 4;

    /// <summary>
    /// Slice k, row x (4 little-endian words = 32 dual-basis symbols): what the register becomes after four
    /// LFSR steps that start from symbol x at position k and zeros elsewhere. The LFSR is linear over GF(2),
    /// so four steps are the 4-symbol shift of the register XOR one row per slice, each indexed by register
    /// symbol k XOR message symbol k: four independent lookups instead of a chain of four (as in
    /// "slicing-by-4" CRCs). Slice 3 is the single step: f·g_{31−j} for j = 0..31 from feedback f. Built on
    /// dual-basis symbols (multiplying by a constant is GF(2)-linear), so the hot loop never converts bases.
    /// </summary>
    private static readonly ulong[] SliceTable = BuildSliceTable();

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

    private static void CheckMessageLength(int length)
    {
        if (length is < 1 or > MessageLength)
        {
            throw new ArgumentOutOfRangeException("message", length,
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
        ref ulong table = ref MemoryMarshal.GetArrayDataReference(SliceTable);
        ulong r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        ref byte symbol = ref message;
        int i = 0;
        for (; i + SliceSymbols <= count; i += SliceSymbols)
        {
            uint x = (uint)r0 ^ ReadFourSymbols(ref symbol, stride);
            ref ulong a = ref Unsafe.Add(ref table, (nuint)(x & 0xFF) * RegisterWords);
            ref ulong b = ref Unsafe.Add(ref table, (nuint)(256 | (x >> 8 & 0xFF)) * RegisterWords);
            ref ulong c = ref Unsafe.Add(ref table, (nuint)(512 | (x >> 16 & 0xFF)) * RegisterWords);
            ref ulong d = ref Unsafe.Add(ref table, (nuint)(768 | (x >> 24)) * RegisterWords);
            r0 = (r0 >> 32 | r1 << 32) ^ a ^ b ^ c ^ d;
            r1 = (r1 >> 32 | r2 << 32) ^ Unsafe.Add(ref a, 1) ^ Unsafe.Add(ref b, 1) ^ Unsafe.Add(ref c, 1) ^ Unsafe.Add(ref d, 1);
            r2 = (r2 >> 32 | r3 << 32) ^ Unsafe.Add(ref a, 2) ^ Unsafe.Add(ref b, 2) ^ Unsafe.Add(ref c, 2) ^ Unsafe.Add(ref d, 2);
            r3 = r3 >> 32 ^ Unsafe.Add(ref a, 3) ^ Unsafe.Add(ref b, 3) ^ Unsafe.Add(ref c, 3) ^ Unsafe.Add(ref d, 3);
            symbol = ref Unsafe.Add(ref symbol, SliceSymbols * stride);
        }

        ref ulong singleStep = ref Unsafe.Add(ref table, 3 * 256 * RegisterWords);
        for (; i < count; i++)
        {
            Step(ref singleStep, symbol, ref r0, ref r1, ref r2, ref r3);
            symbol = ref Unsafe.Add(ref symbol, stride);
        }

        return new ParityRegister(r0, r1, r2, r3);
    }

    /// <summary>One LFSR step: feed back register symbol 0 XOR the message symbol, shift by one symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref ulong singleStep, byte symbol, ref ulong r0, ref ulong r1, ref ulong r2, ref ulong r3)
    {
        ref ulong row = ref Unsafe.Add(ref singleStep, (nuint)(byte)(symbol ^ (byte)r0) * RegisterWords);
        r0 = (r0 >> 8 | r1 << 56) ^ row;
        r1 = (r1 >> 8 | r2 << 56) ^ Unsafe.Add(ref row, 1);
        r2 = (r2 >> 8 | r3 << 56) ^ Unsafe.Add(ref row, 2);
        r3 = r3 >> 8 ^ Unsafe.Add(ref row, 3);
    }

    /// <summary>Four message symbols, the first in the low byte (matching the register layout).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadFourSymbols(ref byte first, int stride)
    {
        if (stride == 1)
        {
            uint word = Unsafe.ReadUnaligned<uint>(ref first);
            return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
        }

        return first | (uint)Unsafe.Add(ref first, stride) << 8 | (uint)Unsafe.Add(ref first, 2 * stride) << 16 | (uint)Unsafe.Add(ref first, 3 * stride) << 24;
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
        int previousDegree = 0;
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
                SubtractShifted(locator, previous, previousDegree, scale, shift);
                previousDegree = degree;
                degree = n + 1 - degree;
                saved.CopyTo(previous);
                previousDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                SubtractShifted(locator, previous, previousDegree, scale, shift);
                shift++;
            }
        }

        return degree;
    }

    /// <summary>locator −= scale · x^shift · previous, where previous has the given degree.</summary>
    private static void SubtractShifted(Span<byte> locator, ReadOnlySpan<byte> previous, int previousDegree, byte scale, int shift)
    {
        for (int i = 0; i <= previousDegree && i + shift < locator.Length; i++)
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
        // Term i of Λ(β^−d) in log form: log Λ_i − 11·i·d, stepped down by 11·i per position (mod 255).
        Span<int> logTerm = stackalloc int[CorrectableSymbols + 1];
        Span<int> logStep = stackalloc int[CorrectableSymbols + 1];
        for (int i = 1; i <= degree; i++)
        {
            logTerm[i] = locator[i] == 0 ? -1 : GaloisField256.Log[locator[i]];
            logStep[i] = GaloisField256.Order - (RootExponentStep * i % GaloisField256.Order);
        }

        int found = 0;
        for (int d = 0; d < codewordLength; d++)
        {
            int sum = locator[0];
            for (int i = 1; i <= degree; i++)
            {
                int log = logTerm[i];
                if (log >= 0)
                {
                    sum ^= GaloisField256.Exp[log];
                    log += logStep[i];
                    logTerm[i] = log >= GaloisField256.Order ? log - GaloisField256.Order : log;
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
        // For a decodable word deg Ω < L, so only its first L terms are formed; were the word not decodable,
        // the re-division after correction rejects the result.
        Span<byte> evaluator = stackalloc byte[CorrectableSymbols];
        for (int k = 0; k < degree; k++)
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
            byte inverse = GaloisField256.Power(-logX);
            byte omega = 0;
            for (int k = degree - 1; k >= 0; k--)
            {
                omega = (byte)(GaloisField256.Multiply(omega, inverse) ^ evaluator[k]);
            }

            // Λ'(x) = Σ over odd i of Λ_i·x^(i−1) in characteristic 2: Horner in x².
            byte inverseSquared = GaloisField256.Multiply(inverse, inverse);
            byte derivative = 0;
            for (int i = (degree - 1) | 1; i >= 1; i -= 2)
            {
                derivative = (byte)(GaloisField256.Multiply(derivative, inverseSquared) ^ locator[i]);
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

    private static ulong[] BuildSliceTable()
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

        ulong[] table = new ulong[SliceSymbols * 256 * RegisterWords];
        int singleStep = 3 * 256 * RegisterWords;
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
                table[singleStep + (dual * RegisterWords) + w] = BinaryPrimitives.ReadUInt64LittleEndian(row[(w * sizeof(ulong))..]);
            }
        }

        // Slices 0..2 by running the single step from symbol x at position k with zero message symbols.
        ref ulong step = ref table[singleStep];
        Span<ulong> register = stackalloc ulong[RegisterWords];
        for (int k = 0; k < SliceSymbols - 1; k++)
        {
            for (int x = 0; x < 256; x++)
            {
                register.Clear();
                register[0] = (ulong)x << (8 * k);
                for (int n = 0; n < SliceSymbols; n++)
                {
                    Step(ref step, 0, ref register[0], ref register[1], ref register[2], ref register[3]);
                }

                register.CopyTo(table.AsSpan(((k * 256) + x) * RegisterWords));
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
