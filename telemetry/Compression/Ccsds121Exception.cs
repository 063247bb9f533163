namespace Payload.Telemetry.Compression;

/// <summary>
/// A CCSDS 121.0-B stream could not be coded: names the problem and where it was found
/// (bit offset in the compressed stream, block index counted from the first block).
/// </summary>
public sealed class Ccsds121Exception : Exception
{
    public Ccsds121Exception()
    {
    }

    public Ccsds121Exception(string message)
        : base(message)
    {
    }

    public Ccsds121Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Ccsds121Exception(Ccsds121ErrorKind kind, string message, long bitOffset, long blockIndex)
        : base(message)
    {
        Kind = kind;
        BitOffset = bitOffset;
        BlockIndex = blockIndex;
    }

    /// <summary>The kind of failure.</summary>
    public Ccsds121ErrorKind Kind { get; }

    /// <summary>Offset in bits into the compressed stream where the failure was found.</summary>
    public long BitOffset { get; }

    /// <summary>Offset in whole bytes into the compressed stream where the failure was found.</summary>
    public long ByteOffset => BitOffset / 8;

    /// <summary>Index of the block (of J samples, from the start of the data) being coded.</summary>
    public long BlockIndex { get; }
}
