using System.Buffers.Binary;

namespace Payload.Telemetry.Uplink;

/// <summary>Ground side of CCSDS 231.0-B-4: wraps one or more TC transfer frames into a CLTU.</summary>
public sealed class CltuEncoder(bool randomize = false)
{
    public bool Randomize { get; } = randomize;

    /// <summary>CLTU length in octets for <paramref name="dataLength"/> octets of frames.</summary>
    public static int GetCltuLength(int dataLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataLength);
        return CltuLayout.Length(dataLength);
    }

    /// <summary>Writes the CLTU for <paramref name="frames"/> and returns its length.</summary>
    public int Encode(ReadOnlySpan<byte> frames, Span<byte> destination)
    {
        int length = GetCltuLength(frames.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"CLTU needs {length} octets, destination holds {destination.Length}", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, CltuLayout.StartSequence);
        int output = CltuLayout.StartSequenceLength;
        byte[] sequence = TcRandomizer.Sequence;
        for (int input = 0; input < frames.Length; input += CltuLayout.InformationLength)
        {
            Span<byte> codeblock = destination.Slice(output, CltuLayout.CodeblockLength);
            for (int i = 0; i < CltuLayout.InformationLength; i++)
            {
                int at = input + i;
                codeblock[i] = at >= frames.Length ? CltuLayout.FillOctet
                    : Randomize ? (byte)(frames[at] ^ sequence[at % TcRandomizer.Period])
                    : frames[at];
            }

            codeblock[CltuLayout.InformationLength] = BchCodeblock.ParityOctet(codeblock[..CltuLayout.InformationLength]);
            output += CltuLayout.CodeblockLength;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination[output..], CltuLayout.TailSequence);
        return output + CltuLayout.CodeblockLength;
    }
}
