namespace Payload.Telemetry.Compression;

/// <summary>Fixed facts of the CCSDS 121.0-B-3 adaptive entropy coder, each stated once.</summary>
internal static class AdaptiveEntropyCoding
{
    /// <summary>Smallest sample resolution n (121.0-B-3 §3, n = 1..32).</summary>
    public const int MinBitsPerSample = 1;

    /// <summary>Largest sample resolution n (121.0-B-3 §3, n = 1..32).</summary>
    public const int MaxBitsPerSample = 32;

    /// <summary>Largest reference sample interval r, in blocks (121.0-B-3 §4, r ≤ 4096).</summary>
    public const int MaxReferenceSampleInterval = 4096;

    /// <summary>Blocks per segment: zero-block runs never cross a segment boundary (121.0-B-3 §3, zero-block option, s = 64).</summary>
    public const int SegmentBlocks = 64;

    /// <summary>Fundamental-sequence value that codes "remainder of segment" in a zero-block CDS (121.0-B-3 §3, zero-block option: ROS = 00001).</summary>
    public const uint RemainderOfSegmentCode = 4;

    /// <summary>Zero-block runs of up to this many blocks are coded as FS(count − 1); longer runs as FS(count) (121.0-B-3 §3, zero-block option).</summary>
    public const int ShortZeroRun = 4;

    /// <summary>Option ID length for n ≤ 8, 8 &lt; n ≤ 16 and 16 &lt; n ≤ 32 with the basic option set (121.0-B-3 §5, option identification key).</summary>
    public static int IdLength(int bitsPerSample) => bitsPerSample switch
    {
        <= 8 => 3,
        <= 16 => 4,
        _ => 5,
    };

    /// <summary>Largest split-sample k an option ID of this length can name: IDs 1..2^l − 2 select k = ID − 1 (121.0-B-3 §5, option identification key).</summary>
    public static int MaxSplitK(int idLength) => (1 << idLength) - 3;

    /// <summary>True for the block sizes J the standard allows (121.0-B-3 §3, J ∈ {8, 16, 32, 64}).</summary>
    public static bool IsValidBlockSize(int blockSize) => blockSize is 8 or 16 or 32 or 64;

    /// <summary>Bytes one sample takes in a raw little-endian sample file, as libaec's <c>aec</c> reads it: 1 up to 8 bits, 2 up to 16, 4 above.</summary>
    public static int RawBytesPerSample(int bitsPerSample) => bitsPerSample switch
    {
        <= 8 => 1,
        <= 16 => 2,
        _ => 4,
    };
}
