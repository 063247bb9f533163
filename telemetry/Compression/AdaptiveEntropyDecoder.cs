using System.Buffers;
using System.Runtime.CompilerServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// CCSDS 121.0-B-3 lossless decoder, the inverse of <see cref="AdaptiveEntropyEncoder"/>: reads
/// each coded data set's option ID, rebuilds the block's mapped residuals, and undoes the
/// predictor and mapper. Malformed streams raise <see cref="Ccsds121Exception"/> with the bit
/// offset and block index; the decoder keeps no state between calls.
/// </summary>
/// <remarks>Not thread-safe: use one decoder per thread.</remarks>
public sealed class AdaptiveEntropyDecoder
{
    private readonly int _bitsPerSample;
    private readonly int _blockSize;
    private readonly int _interval;
    private readonly bool _preprocess;
    private readonly int _idLength;
    private readonly int _maxK;
    private readonly uint _noCompressionId;
    private readonly uint _xMax;
    private readonly uint _signFlip;
    private readonly int _signShift;
    private readonly uint[] _residuals;
    private readonly uint[] _scratch;

    /// <summary>A decoder for streams coded with <paramref name="parameters"/>.</summary>
    public AdaptiveEntropyDecoder(Ccsds121Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _bitsPerSample = parameters.BitsPerSample;
        _blockSize = parameters.BlockSize;
        _interval = parameters.ReferenceSampleInterval;
        _preprocess = parameters.Preprocess;
        _idLength = AdaptiveEntropyCoding.IdLength(_bitsPerSample);
        _maxK = Math.Min(AdaptiveEntropyCoding.MaxSplitK(_idLength), _bitsPerSample - 1);
        _noCompressionId = (1u << _idLength) - 1;
        _xMax = uint.MaxValue >> (32 - _bitsPerSample);
        _signFlip = parameters.Signed && _preprocess ? 1u << (_bitsPerSample - 1) : 0;
        _signShift = parameters.Signed ? 32 - _bitsPerSample : 0;
        _residuals = new uint[_blockSize];
        _scratch = new uint[_interval * _blockSize];
    }

    /// <summary>How streams are coded.</summary>
    public Ccsds121Parameters Parameters { get; }

    /// <summary>
    /// Decodes exactly <paramref name="samples"/>.Length samples (signed ones sign-extended to 32
    /// bits) and returns the compressed bytes consumed.
    /// </summary>
    /// <exception cref="Ccsds121Exception">The stream is cut short or malformed; <paramref name="samples"/> is then cleared.</exception>
    public int Decode(ReadOnlySpan<byte> source, Span<uint> samples)
    {
        try
        {
            return DecodeCore(source, samples, default);
        }
        catch (Ccsds121Exception)
        {
            samples.Clear();
            throw;
        }
    }

    /// <summary>Decodes into a raw little-endian sample buffer (1, 2 or 4 bytes per sample) and returns the compressed bytes consumed.</summary>
    /// <exception cref="ArgumentException">The raw buffer is not a whole number of samples.</exception>
    /// <exception cref="Ccsds121Exception">The stream is cut short or malformed; <paramref name="rawSamples"/> is then cleared.</exception>
    public int DecodeRaw(ReadOnlySpan<byte> source, Span<byte> rawSamples)
    {
        int width = Parameters.RawBytesPerSample;
        if (rawSamples.Length % width != 0)
        {
            throw new ArgumentException($"Raw sample buffer of {rawSamples.Length} byte(s) is not a whole number of {width}-byte samples.", nameof(rawSamples));
        }

        try
        {
            return DecodeCore(source, default, rawSamples);
        }
        catch (Ccsds121Exception)
        {
            rawSamples.Clear();
            throw;
        }
    }

    /// <summary>
    /// Decodes whole blocks until only zero fill bits are left, as libaec's <c>aec -d</c> does
    /// when the sample count is not known: the output is a whole number of blocks, so a short
    /// last block comes back padded. Returns the samples written.
    /// </summary>
    /// <exception cref="Ccsds121Exception">The stream is cut short or malformed.</exception>
    public long DecodeToEnd(ReadOnlySpan<byte> source, IBufferWriter<uint> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        BitReader reader = new(source);
        int intervalSamples = _interval * _blockSize;
        long blockBase = 0;
        long written = 0;
        while (!AtZeroFill(ref reader))
        {
            Span<uint> target = samples.GetSpan(intervalSamples)[..intervalSamples];
            int blocks = DecodeInterval(ref reader, target, _interval, blockBase, stopAtFill: true);
            samples.Advance(blocks * _blockSize);
            written += blocks * _blockSize;
            blockBase += blocks;
            if (blocks < _interval)
            {
                break;
            }
        }

        return written;
    }

    private int DecodeCore(ReadOnlySpan<byte> source, Span<uint> samples, Span<byte> raw)
    {
        int width = Parameters.RawBytesPerSample;
        int sampleCount = raw.IsEmpty ? samples.Length : raw.Length / width;
        BitReader reader = new(source);
        int intervalSamples = _interval * _blockSize;
        long blockBase = 0;
        for (int start = 0; start < sampleCount; start += intervalSamples)
        {
            int count = Math.Min(intervalSamples, sampleCount - start);
            int blocks = (count + _blockSize - 1) / _blockSize;
            bool direct = raw.IsEmpty && count == blocks * _blockSize;
            Span<uint> target = direct ? samples.Slice(start, count) : _scratch.AsSpan(0, blocks * _blockSize);
            DecodeInterval(ref reader, target, blocks, blockBase, stopAtFill: false);
            if (!raw.IsEmpty)
            {
                RawSamples.Pack(_scratch.AsSpan(0, count), raw.Slice(start * width, count * width), _bitsPerSample);
            }
            else if (!direct)
            {
                _scratch.AsSpan(0, count).CopyTo(samples.Slice(start, count));
            }

            blockBase += blocks;
        }

        return (int)((reader.BitPosition + 7) / 8);
    }

    /// <summary>
    /// Decodes up to <paramref name="blocks"/> blocks of one reference sample interval into
    /// <paramref name="target"/> (room for <paramref name="blocks"/>·J samples); returns the blocks decoded.
    /// </summary>
    private int DecodeInterval(ref BitReader reader, Span<uint> target, int blocks, long blockBase, bool stopAtFill)
    {
        int n = _bitsPerSample;
        int j = _blockSize;
        uint previous = 0;
        int b = 0;
        while (b < blocks)
        {
            reader.BlockIndex = blockBase + b;
            if (stopAtFill && AtZeroFill(ref reader))
            {
                break;
            }

            bool hasReference = _preprocess && b == 0;
            long idOffset = reader.BitPosition;
            uint id = reader.Read(_idLength);
            Span<uint> output = target.Slice(b * j, j);
            uint reference = 0;
            if (id == 0 && reader.Read(1) == 0)
            {
                if (hasReference)
                {
                    reference = reader.Read(n);
                }

                int run = ZeroRunLength(ref reader, b, blocks, idOffset);
                FillZeroRun(target.Slice(b * j, run * j), hasReference, reference, ref previous);
                b += run;
                continue;
            }

            Span<uint> residuals = _residuals;
            if (hasReference)
            {
                reference = reader.Read(n);
            }

            if (id == 0)
            {
                ReadSecondExtension(ref reader, residuals);
            }
            else if (id == _noCompressionId)
            {
                for (int i = hasReference ? 1 : 0; i < j; i++)
                {
                    residuals[i] = reader.Read(n);
                }
            }
            else
            {
                int k = (int)id - 1;
                if (k > _maxK)
                {
                    Ccsds121Throw.InvalidOptionId(idOffset, blockBase + b, id, n, _maxK);
                }

                ReadSplit(ref reader, residuals[(hasReference ? 1 : 0)..], k);
            }

            Reconstruct(residuals, output, hasReference, reference, ref previous);
            b++;
        }

        return b;
    }

    /// <summary>True when what is left can only be the zero fill after the last coded data set (every CDS holds a one bit).</summary>
    private static bool AtZeroFill(ref BitReader reader) => reader.BitsLeft < 64 && reader.OnlyZeroFillLeft;

    private int ZeroRunLength(ref BitReader reader, int block, int blocks, long idOffset)
    {
        uint code = reader.ReadFundamentalSequence();
        long run;
        if (code == AdaptiveEntropyCoding.RemainderOfSegmentCode)
        {
            int segment = AdaptiveEntropyCoding.SegmentBlocks;
            run = Math.Min(_interval - block, segment - (block % segment));
        }
        else
        {
            run = code < AdaptiveEntropyCoding.RemainderOfSegmentCode ? code + 1L : code;
        }

        if (block + run > _interval)
        {
            Ccsds121Throw.ZeroRunPastInterval(idOffset, reader.BlockIndex, run, _interval - block);
        }

        // The last interval of a stream may be short; a run reaching past it ends with the data.
        return (int)Math.Min(run, blocks - block);
    }

    private void FillZeroRun(Span<uint> output, bool hasReference, uint reference, ref uint previous)
    {
        if (!_preprocess)
        {
            output.Clear();
            return;
        }

        if (hasReference)
        {
            previous = reference ^ _signFlip;
        }

        // δ = 0 repeats the prediction, so the whole run (reference included) is one value.
        output.Fill(ToSample(previous));
    }

    private static void ReadSecondExtension(ref BitReader reader, Span<uint> residuals)
    {
        for (int i = 0; i < residuals.Length; i += 2)
        {
            uint gamma = reader.ReadFundamentalSequence();

            // γ = β(β+1)/2 + second, with β = first + second.
            uint beta = (uint)((Math.Sqrt((8.0 * gamma) + 1) - 1) / 2);
            while ((ulong)beta * (beta + 1) / 2 > gamma)
            {
                beta--;
            }

            while ((ulong)(beta + 1) * (beta + 2) / 2 <= gamma)
            {
                beta++;
            }

            uint second = gamma - (uint)((ulong)beta * (beta + 1) / 2);
            residuals[i] = beta - second;
            residuals[i + 1] = second;
        }
    }

    private static void ReadSplit(ref BitReader reader, Span<uint> residuals, int k)
    {
        for (int i = 0; i < residuals.Length; i++)
        {
            residuals[i] = reader.ReadFundamentalSequence();
        }

        if (k > 0)
        {
            for (int i = 0; i < residuals.Length; i++)
            {
                residuals[i] = (residuals[i] << k) | reader.Read(k);
            }
        }
    }

    private void Reconstruct(ReadOnlySpan<uint> residuals, Span<uint> output, bool hasReference, uint reference, ref uint previous)
    {
        int first = 0;
        if (hasReference)
        {
            previous = reference ^ _signFlip;
            output[0] = ToSample(previous);
            first = 1;
        }

        uint xMax = _xMax;
        if (_preprocess)
        {
            for (int i = first; i < output.Length; i++)
            {
                previous = PredictionErrorMapper.Unmap(residuals[i], previous, xMax);
                output[i] = ToSample(previous);
            }
        }
        else
        {
            for (int i = first; i < output.Length; i++)
            {
                output[i] = ToSample(residuals[i] & xMax);
            }
        }
    }

    /// <summary>An n-bit value in coding form back to the caller's form: sign bit restored and sign-extended for signed samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ToSample(uint value) => (uint)((int)((value ^ _signFlip) << _signShift) >> _signShift);
}
