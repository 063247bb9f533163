namespace Payload.Telemetry.Compression;

/// <summary>
/// How a CCSDS 121.0-B stream is coded: sample resolution n, block size J, reference sample
/// interval r (in blocks), signed or unsigned samples, and whether the unit-delay predictor
/// and mapper run. Encoder and decoder must agree on all of them; none travels in the stream.
/// </summary>
public sealed record Ccsds121Parameters
{
    /// <param name="bitsPerSample">n, 1..32.</param>
    /// <param name="blockSize">J: 8, 16, 32 or 64 samples.</param>
    /// <param name="referenceSampleInterval">r: blocks between reference samples, 1..4096.</param>
    /// <param name="signed">Samples are two's-complement signed (libaec's <c>-s</c>).</param>
    /// <param name="preprocess">Run the unit-delay predictor and mapper (libaec's default; <c>-N</c> turns it off).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range the standard allows.</exception>
    public Ccsds121Parameters(int bitsPerSample, int blockSize, int referenceSampleInterval, bool signed = false, bool preprocess = true)
    {
        if (bitsPerSample is < AdaptiveEntropyCoding.MinBitsPerSample or > AdaptiveEntropyCoding.MaxBitsPerSample)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSample), bitsPerSample, $"Bits per sample must be {AdaptiveEntropyCoding.MinBitsPerSample}..{AdaptiveEntropyCoding.MaxBitsPerSample}.");
        }

        if (!AdaptiveEntropyCoding.IsValidBlockSize(blockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "Block size must be 8, 16, 32 or 64 samples.");
        }

        if (referenceSampleInterval is < 1 or > AdaptiveEntropyCoding.MaxReferenceSampleInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(referenceSampleInterval), referenceSampleInterval, $"Reference sample interval must be 1..{AdaptiveEntropyCoding.MaxReferenceSampleInterval} blocks.");
        }

        BitsPerSample = bitsPerSample;
        BlockSize = blockSize;
        ReferenceSampleInterval = referenceSampleInterval;
        Signed = signed;
        Preprocess = preprocess;
    }

    /// <summary>n: bits per sample.</summary>
    public int BitsPerSample { get; }

    /// <summary>J: samples per block.</summary>
    public int BlockSize { get; }

    /// <summary>r: blocks per reference sample interval.</summary>
    public int ReferenceSampleInterval { get; }

    /// <summary>Samples are two's-complement signed.</summary>
    public bool Signed { get; }

    /// <summary>The unit-delay predictor and mapper run (a reference sample opens every interval).</summary>
    public bool Preprocess { get; }

    /// <summary>Bytes per sample in a raw little-endian sample buffer (as libaec's <c>aec</c> reads files): 1, 2 or 4.</summary>
    public int RawBytesPerSample => AdaptiveEntropyCoding.RawBytesPerSample(BitsPerSample);

    /// <summary>Largest compressed size, in bytes, of <paramref name="sampleCount"/> samples: every block uncompressed plus its option ID.</summary>
    public int MaxEncodedLength(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        long blocks = (sampleCount + (long)BlockSize - 1) / BlockSize;
        long bits = blocks * (AdaptiveEntropyCoding.IdLength(BitsPerSample) + 1 + ((long)BlockSize * BitsPerSample));
        long bytes = (bits + 7) / 8;
        return bytes > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, "Too many samples for one buffer.") : (int)bytes;
    }
}
