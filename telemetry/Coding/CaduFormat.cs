namespace Payload.Telemetry.Coding;

/// <summary>
/// Layout of a Reed-Solomon coded CADU: ASM, then a codeblock of the transfer frame and the interleaved
/// check symbols (131.0-B §4.3.8). A frame shorter than 223·I is carried in shortened codewords: each of the
/// I codewords drops the same number of leading virtual-fill symbols (131.0-B §4.3.7).
/// </summary>
public sealed record CaduFormat
{
    /// <summary>Interleaving depths allowed by 131.0-B §4.3.1.</summary>
    public static IReadOnlyList<int> InterleaveDepths { get; } = [1, 2, 3, 4, 5, 8];

    /// <param name="frameLength">Transfer frame length L in bytes: a multiple of <paramref name="interleaveDepth"/>, at most 223·I.</param>
    /// <param name="interleaveDepth">Interleaving depth I, one of 1, 2, 3, 4, 5, 8.</param>
    /// <param name="randomized">Whether the codeblock is pseudo-randomised (131.0-B §10); on by default.</param>
    public CaduFormat(int frameLength, int interleaveDepth, bool randomized = true)
    {
        if (!InterleaveDepths.Contains(interleaveDepth))
        {
            throw new ArgumentOutOfRangeException(nameof(interleaveDepth), interleaveDepth,
                $"Interleave depth must be one of {string.Join(", ", InterleaveDepths)}.");
        }

        int maximum = ReedSolomon255.MessageLength * interleaveDepth;
        if (frameLength < interleaveDepth || frameLength > maximum || frameLength % interleaveDepth != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameLength), frameLength,
                $"Frame length must be a multiple of the interleave depth {interleaveDepth} between {interleaveDepth} and {maximum} bytes.");
        }

        FrameLength = frameLength;
        InterleaveDepth = interleaveDepth;
        Randomized = randomized;
    }

    /// <summary>Transfer frame length L in bytes.</summary>
    public int FrameLength { get; }

    /// <summary>Interleaving depth I.</summary>
    public int InterleaveDepth { get; }

    /// <summary>Whether the codeblock is pseudo-randomised.</summary>
    public bool Randomized { get; }

    /// <summary>Message symbols sent per codeword, L / I.</summary>
    public int MessageSymbolsPerCodeword => FrameLength / InterleaveDepth;

    /// <summary>Virtual fill symbols per codeword, 223 − L / I.</summary>
    public int VirtualFill => ReedSolomon255.MessageLength - MessageSymbolsPerCodeword;

    /// <summary>Codeblock length in bytes: the frame plus 32·I check symbols.</summary>
    public int CodeblockLength => FrameLength + ReedSolomon255.ParityLength * InterleaveDepth;

    /// <summary>CADU length in bytes: the ASM plus the codeblock.</summary>
    public int CaduLength => AttachedSyncMarker.Length + CodeblockLength;
}
