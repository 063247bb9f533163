using System.Buffers.Binary;

namespace Payload.Telemetry.Uplink;

/// <summary>
/// Flight side of CCSDS 231.0-B-4 in error-correcting mode: checks the start sequence, corrects one bit per BCH codeblock,
/// stops at the tail sequence, and reports the index of the first uncorrectable codeblock.
/// </summary>
public sealed class CltuDecoder(bool derandomize = false)
{
    // A tail hit by one bit error must still end the CLTU rather than be reported as a damaged codeblock.
    private const int TailToleranceBits = 1;

    public bool Derandomize { get; } = derandomize;

    /// <summary>Decodes one CLTU starting at offset 0 into <paramref name="destination"/> (fill octets included).</summary>
    public CltuDecodeResult Decode(ReadOnlySpan<byte> cltu, Span<byte> destination)
    {
        if (cltu.Length < CltuLayout.StartSequenceLength || BinaryPrimitives.ReadUInt16BigEndian(cltu) != CltuLayout.StartSequence)
        {
            return new CltuDecodeResult(CltuDecodeStatus.StartSequenceNotFound, 0, 0, -1);
        }

        int corrected = 0;
        int output = 0;
        int index = 0;
        Span<byte> codeblock = stackalloc byte[CltuLayout.CodeblockLength];
        for (int offset = CltuLayout.StartSequenceLength; ; offset += CltuLayout.CodeblockLength, index++)
        {
            if (cltu.Length - offset < CltuLayout.CodeblockLength)
            {
                return new CltuDecodeResult(CltuDecodeStatus.TailSequenceNotFound, output, corrected, index);
            }

            cltu.Slice(offset, CltuLayout.CodeblockLength).CopyTo(codeblock);
            int outcome = BchCodeblock.Correct(codeblock);
            if (outcome < 0)
            {
                if (BchCodeblock.DistanceToTail(codeblock) <= TailToleranceBits)
                {
                    break;
                }

                return new CltuDecodeResult(CltuDecodeStatus.UncorrectableCodeblock, output, corrected, index);
            }

            if (destination.Length - output < CltuLayout.InformationLength)
            {
                return new CltuDecodeResult(CltuDecodeStatus.DestinationTooSmall, output, corrected, index);
            }

            corrected += outcome;
            codeblock[..CltuLayout.InformationLength].CopyTo(destination[output..]);
            output += CltuLayout.InformationLength;
        }

        if (output == 0)
        {
            return new CltuDecodeResult(CltuDecodeStatus.Empty, 0, 0, 0);
        }

        if (Derandomize)
        {
            byte[] sequence = TcRandomizer.Sequence;
            for (int i = 0; i < output; i++)
            {
                destination[i] ^= sequence[i % TcRandomizer.Period];
            }
        }

        return new CltuDecodeResult(CltuDecodeStatus.Decoded, output, corrected, index);
    }
}
