using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// CCSDS 121.0-B-3 lossless encoder: unit-delay predictor and mapper (optional), then the
/// adaptive entropy coder choosing, per block, the option with the fewest bits among
/// split-sample k, second extension and no compression; all-zero blocks are gathered into
/// zero-block runs within each 64-block segment. Buffers for one reference sample interval
/// are allocated once here; encoding allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: use one encoder per thread.</remarks>
public sealed class AdaptiveEntropyEncoder
{
    private readonly int _bitsPerSample;
    private readonly int _blockSize;
    private readonly int _interval;
    private readonly bool _signed;
    private readonly bool _preprocess;
    private readonly int _idLength;
    private readonly int _maxK;
    private readonly uint _xMax;
    private readonly uint _signFlip;
    private readonly uint[] _samples;
    private readonly uint[] _residuals;
    private readonly bool _vectorSums;
    private uint _referenceSample;
    private long _failedBitOffset;
    private long _failedBlock;
    private long _failedBitsNeeded;

    /// <summary>An encoder for streams coded with <paramref name="parameters"/>.</summary>
    public AdaptiveEntropyEncoder(Ccsds121Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _bitsPerSample = parameters.BitsPerSample;
        _blockSize = parameters.BlockSize;
        _interval = parameters.ReferenceSampleInterval;
        _signed = parameters.Signed;
        _preprocess = parameters.Preprocess;
        _idLength = AdaptiveEntropyCoding.IdLength(_bitsPerSample);

        // k ≥ n would spend more bits than no compression, and the decoder rejects it.
        _maxK = Math.Min(AdaptiveEntropyCoding.MaxSplitK(_idLength), _bitsPerSample - 1);
        _xMax = uint.MaxValue >> (32 - _bitsPerSample);
        _signFlip = _signed && _preprocess ? 1u << (_bitsPerSample - 1) : 0;
        // 32-bit lanes cannot overflow while a block of 64 residuals stays below 2^26 each.
        _vectorSums = Vector256.IsHardwareAccelerated && _bitsPerSample <= 25;
        _samples = new uint[_interval * _blockSize];
        _residuals = _preprocess ? new uint[_interval * _blockSize] : _samples;
    }

    /// <summary>How streams are coded.</summary>
    public Ccsds121Parameters Parameters { get; }

    /// <summary>
    /// Compresses <paramref name="samples"/> (unsigned n-bit values; signed ones as n-bit two's
    /// complement or sign-extended to 32 bits) and returns the bytes written.
    /// </summary>
    /// <exception cref="Ccsds121Exception">A sample does not fit n bits, or <paramref name="destination"/> is too small.</exception>
    public int Encode(ReadOnlySpan<uint> samples, Span<byte> destination)
    {
        if (!TryEncode(samples, destination, out int written))
        {
            Ccsds121Throw.DestinationTooSmall(_failedBitOffset, _failedBlock, _failedBitsNeeded, destination.Length);
        }

        return written;
    }

    /// <summary>As <see cref="Encode"/>, but returns false when <paramref name="destination"/> is too small.</summary>
    public bool TryEncode(ReadOnlySpan<uint> samples, Span<byte> destination, out int bytesWritten) =>
        EncodeCore(samples, default, samples.Length, destination, out bytesWritten);

    /// <summary>Compresses a raw little-endian sample buffer (1, 2 or 4 bytes per sample, see <see cref="RawSamples"/>).</summary>
    /// <exception cref="ArgumentException">The raw buffer is not a whole number of samples.</exception>
    /// <exception cref="Ccsds121Exception">A sample does not fit n bits, or <paramref name="destination"/> is too small.</exception>
    public int EncodeRaw(ReadOnlySpan<byte> rawSamples, Span<byte> destination)
    {
        if (!TryEncodeRaw(rawSamples, destination, out int written))
        {
            Ccsds121Throw.DestinationTooSmall(_failedBitOffset, _failedBlock, _failedBitsNeeded, destination.Length);
        }

        return written;
    }

    /// <summary>As <see cref="EncodeRaw"/>, but returns false when <paramref name="destination"/> is too small.</summary>
    public bool TryEncodeRaw(ReadOnlySpan<byte> rawSamples, Span<byte> destination, out int bytesWritten)
    {
        int width = Parameters.RawBytesPerSample;
        if (rawSamples.Length % width != 0)
        {
            throw new ArgumentException($"Raw sample buffer of {rawSamples.Length} byte(s) is not a whole number of {width}-byte samples.", nameof(rawSamples));
        }

        return EncodeCore(default, rawSamples, rawSamples.Length / width, destination, out bytesWritten);
    }

    private bool EncodeCore(ReadOnlySpan<uint> samples, ReadOnlySpan<byte> raw, int sampleCount, Span<byte> destination, out int bytesWritten)
    {
        BitWriter writer = new(destination);
        int intervalSamples = _interval * _blockSize;
        int width = Parameters.RawBytesPerSample;
        long blockBase = 0;
        for (int start = 0; start < sampleCount; start += intervalSamples)
        {
            int count = Math.Min(intervalSamples, sampleCount - start);
            if (raw.IsEmpty)
            {
                Load(samples.Slice(start, count), start);
            }
            else
            {
                RawSamples.Unpack(raw.Slice(start * width, count * width), _samples.AsSpan(0, count), _bitsPerSample, _signed);
                Load(_samples.AsSpan(0, count), start);
            }

            int blocks = (count + _blockSize - 1) / _blockSize;

            // A short last block repeats its last sample (a zero residual), as libaec does.
            _samples.AsSpan(count, (blocks * _blockSize) - count).Fill(_samples[count - 1]);
            if (_preprocess)
            {
                MapInterval(blocks * _blockSize);
            }

            if (!EncodeInterval(ref writer, blocks, blockBase))
            {
                bytesWritten = 0;
                return false;
            }

            blockBase += blocks;
        }

        bytesWritten = writer.Finish();
        return true;
    }

    /// <summary>Checks and copies one interval of samples into <see cref="_samples"/> as n-bit unsigned numbers.</summary>
    private void Load(ReadOnlySpan<uint> source, int firstIndex)
    {
        int n = _bitsPerSample;
        Span<uint> target = _samples.AsSpan(0, source.Length);
        if (n < 32)
        {
            for (int i = 0; i < source.Length; i++)
            {
                uint x = source[i];
                if (x >> n != 0 && !(_signed && (int)x >> (n - 1) == -1))
                {
                    Ccsds121Throw.SampleOutOfRange(firstIndex + i, (firstIndex + i) / _blockSize, x, n, _signed);
                }

                target[i] = (x & _xMax) ^ _signFlip;
            }
        }
        else
        {
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = source[i] ^ _signFlip;
            }
        }

        _referenceSample = target[0] ^ _signFlip;
    }

    private void MapInterval(int count)
    {
        uint[] x = _samples;
        uint[] d = _residuals;
        uint xMax = _xMax;
        uint previous = x[0];
        d[0] = 0;
        for (int i = 1; i < count; i++)
        {
            uint current = x[i];
            d[i] = PredictionErrorMapper.Map(current, previous, xMax);
            previous = current;
        }
    }

    private bool EncodeInterval(ref BitWriter writer, int blocks, long blockBase)
    {
        int zeroRun = 0;
        int zeroRunStart = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<uint> block = _residuals.AsSpan(b * _blockSize, _blockSize);
            ulong sum = Sum(block);
            if (sum == 0)
            {
                if (zeroRun == 0)
                {
                    zeroRunStart = b;
                }

                zeroRun++;
                bool segmentEnds = (b + 1) % AdaptiveEntropyCoding.SegmentBlocks == 0 || b == blocks - 1;
                if (segmentEnds)
                {
                    if (!WriteZeroRun(ref writer, zeroRun, zeroRunStart, atSegmentEnd: true, blockBase))
                    {
                        return false;
                    }

                    zeroRun = 0;
                }

                continue;
            }

            if (zeroRun > 0)
            {
                if (!WriteZeroRun(ref writer, zeroRun, zeroRunStart, atSegmentEnd: false, blockBase))
                {
                    return false;
                }

                zeroRun = 0;
            }

            if (!WriteBlock(ref writer, block, _preprocess && b == 0, sum, blockBase + b))
            {
                return false;
            }
        }

        return true;
    }

    private bool WriteZeroRun(ref BitWriter writer, int run, int firstBlock, bool atSegmentEnd, long blockBase)
    {
        bool hasReference = _preprocess && firstBlock == 0;
        uint code = atSegmentEnd && run > AdaptiveEntropyCoding.ShortZeroRun
            ? AdaptiveEntropyCoding.RemainderOfSegmentCode
            : run <= AdaptiveEntropyCoding.ShortZeroRun ? (uint)run - 1 : (uint)run;
        long bits = _idLength + 1 + (hasReference ? _bitsPerSample : 0) + code + 1;
        if (bits > writer.BitsLeft)
        {
            return Fail(writer.BitPosition, blockBase + firstBlock, bits);
        }

        writer.Write(0, _idLength + 1);
        if (hasReference)
        {
            writer.Write(_referenceSample, _bitsPerSample);
        }

        writer.WriteFundamentalSequence(code);
        return true;
    }

    private bool WriteBlock(ref BitWriter writer, ReadOnlySpan<uint> block, bool hasReference, ulong sum, long blockIndex)
    {
        // With a reference sample, block[0] is a zero placeholder for it: split-sample and
        // no-compression code J − 1 residuals; second extension pairs all J (libaec does the same).
        int first = hasReference ? 1 : 0;
        ReadOnlySpan<uint> values = block[first..];
        int m = values.Length;
        ulong uncompressedBits = (ulong)m * (uint)_bitsPerSample;
        int k = BestSplit(block, m, sum, out ulong splitBits);
        ulong best = Math.Min(splitBits, uncompressedBits);
        ulong secondExtensionBits = SecondExtensionBits(block, sum, best);
        long header = _idLength + (hasReference ? _bitsPerSample : 0);
        if (secondExtensionBits < best)
        {
            if (header + (long)secondExtensionBits > writer.BitsLeft)
            {
                return Fail(writer.BitPosition, blockIndex, header + (long)secondExtensionBits);
            }

            writer.Write(0, _idLength);
            writer.Write(1, 1);
            WriteReference(ref writer, hasReference);
            for (int i = 0; i < block.Length; i += 2)
            {
                uint pairSum = block[i] + block[i + 1];
                writer.WriteFundamentalSequence((pairSum * (pairSum + 1) / 2) + block[i + 1]);
            }

            return true;
        }

        if (splitBits < uncompressedBits)
        {
            if (header + (long)splitBits > writer.BitsLeft)
            {
                return Fail(writer.BitPosition, blockIndex, header + (long)splitBits);
            }

            writer.Write((uint)k + 1, _idLength);
            WriteReference(ref writer, hasReference);
            foreach (uint v in values)
            {
                writer.WriteFundamentalSequence(v >> k);
            }

            if (k > 0)
            {
                uint mask = (1u << k) - 1;
                foreach (uint v in values)
                {
                    writer.Write(v & mask, k);
                }
            }

            return true;
        }

        if (header + (long)uncompressedBits > writer.BitsLeft)
        {
            return Fail(writer.BitPosition, blockIndex, header + (long)uncompressedBits);
        }

        writer.Write((1u << _idLength) - 1, _idLength);
        WriteReference(ref writer, hasReference);
        foreach (uint v in values)
        {
            writer.Write(v, _bitsPerSample);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteReference(ref BitWriter writer, bool hasReference)
    {
        if (hasReference)
        {
            writer.Write(_referenceSample, _bitsPerSample);
        }
    }

    /// <summary>
    /// The k with the fewest split-sample bits, found exactly: the length as a function of k
    /// has a single minimum, so walking from an estimate while the length drops finds it.
    /// </summary>
    private int BestSplit(ReadOnlySpan<uint> block, int m, ulong sum, out ulong bits)
    {
        int k = sum < (ulong)m ? 0 : Math.Min(BitOperations.Log2(sum / (ulong)m), _maxK);
        ulong bestBits = SplitBits(block, m, k, sum);
        int bestK = k;
        while (bestK < _maxK)
        {
            ulong up = SplitBits(block, m, bestK + 1, sum);
            if (up >= bestBits)
            {
                break;
            }

            bestBits = up;
            bestK++;
        }

        if (bestK == k)
        {
            while (bestK > 0)
            {
                ulong down = SplitBits(block, m, bestK - 1, sum);
                if (down >= bestBits)
                {
                    break;
                }

                bestBits = down;
                bestK--;
            }
        }

        bits = bestBits;
        return bestK;
    }

    /// <summary>Split-sample bits for <paramref name="k"/>: the FS part Σ(δ ≫ k) plus m·(k + 1) (k LSBs and the FS terminator per sample).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong SplitBits(ReadOnlySpan<uint> block, int m, int k, ulong sum)
    {
        ulong fundamental = k == 0 ? sum : ShiftedSum(block, k);
        return fundamental + ((ulong)m * (ulong)(k + 1));
    }

    /// <summary>Σ(v ≫ k) over a whole block (a reference placeholder is zero and adds nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ShiftedSum(ReadOnlySpan<uint> block, int k)
    {
        if (_vectorSums)
        {
            ref uint start = ref MemoryMarshal.GetReference(block);
            Vector256<uint> lanes = Vector256<uint>.Zero;
            for (int i = 0; i < block.Length; i += Vector256<uint>.Count)
            {
                lanes += Vector256.ShiftRightLogical(Vector256.LoadUnsafe(ref start, (nuint)i), k);
            }

            return Vector256.Sum(lanes);
        }

        ulong total = 0;
        foreach (uint v in block)
        {
            total += v >> k;
        }

        return total;
    }

    /// <summary>Bits of the second-extension option (selector bit included), or ulong.MaxValue once it cannot beat <paramref name="limit"/>.</summary>
    private static ulong SecondExtensionBits(ReadOnlySpan<uint> block, ulong sum, ulong limit)
    {
        // Each pair codes at least a+b+1 bits, so a large sum rules the option out at once.
        if (sum + (ulong)(block.Length / 2) + 1 >= limit)
        {
            return ulong.MaxValue;
        }

        ulong bits = 1;
        for (int i = 0; i < block.Length; i += 2)
        {
            ulong pairSum = (ulong)block[i] + block[i + 1];
            bits += (pairSum * (pairSum + 1) / 2) + block[i + 1] + 1;
            if (bits >= limit)
            {
                return ulong.MaxValue;
            }
        }

        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Sum(ReadOnlySpan<uint> block)
    {
        if (_vectorSums)
        {
            ref uint start = ref MemoryMarshal.GetReference(block);
            Vector256<uint> lanes = Vector256<uint>.Zero;
            for (int i = 0; i < block.Length; i += Vector256<uint>.Count)
            {
                lanes += Vector256.LoadUnsafe(ref start, (nuint)i);
            }

            return Vector256.Sum(lanes);
        }

        ulong sum = 0;
        foreach (uint v in block)
        {
            sum += v;
        }

        return sum;
    }

    private bool Fail(long bitOffset, long blockIndex, long bitsNeeded)
    {
        _failedBitOffset = bitOffset;
        _failedBlock = blockIndex;
        _failedBitsNeeded = bitsNeeded;
        return false;
    }
}
