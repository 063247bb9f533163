using System.Numerics;

namespace Payload.Telemetry.Uplink;

/// <summary>The BCH(63,56) code of CCSDS 231.0-B-4 §4: parity, syndrome and single-error correction.</summary>
internal static class BchCodeblock
{
    // §4.2.1: g(x) = x^7 + x^6 + x^2 + 1. Held left-aligned in a byte (x^7 dropped, bit 0 is the filler position).
    private const byte GeneratorLeftAligned = 0b1000_1010;

    // §4.3.2: parity bits are complemented; §4.3.4: the filler bit is 0.
    private const byte ParityMask = 0xFE;

    private static readonly byte[] RemainderTable = BuildRemainderTable();

    // Syndrome (7 bits, left-aligned) of a single bit error → bit position in the 64-bit codeblock (0 = MSB), or -1.
    private static readonly sbyte[] ErrorPosition = BuildErrorPositions();

    /// <summary>The eighth octet of a codeblock for 7 information octets.</summary>
    public static byte ParityOctet(ReadOnlySpan<byte> information) => (byte)(~Remainder(information) & ParityMask);

    /// <summary>Checks and repairs one codeblock in place: 0 if clean, 1 if one bit was corrected, -1 if uncorrectable.</summary>
    public static int Correct(Span<byte> codeblock)
    {
        int syndrome = (ParityOctet(codeblock[..CltuLayout.InformationLength]) ^ codeblock[CltuLayout.InformationLength]) & ParityMask;
        if (syndrome == 0)
        {
            return 0;
        }

        int position = ErrorPosition[syndrome >> 1];
        if (position < 0)
        {
            return -1;
        }

        codeblock[position >> 3] ^= (byte)(0x80 >> (position & 7));
        return 1;
    }

    /// <summary>Number of differing bits between a codeblock and the tail sequence.</summary>
    public static int DistanceToTail(ReadOnlySpan<byte> codeblock) =>
        BitOperations.PopCount(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(codeblock) ^ CltuLayout.TailSequence);

    private static byte Remainder(ReadOnlySpan<byte> information)
    {
        byte register = 0;
        foreach (byte b in information)
        {
            register = RemainderTable[register ^ b];
        }

        return register;
    }

    private static byte[] BuildRemainderTable()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int r = i;
            for (int bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80) != 0 ? ((r << 1) ^ GeneratorLeftAligned) & 0xFF : (r << 1) & 0xFF;
            }

            table[i] = (byte)r;
        }

        return table;
    }

    private static sbyte[] BuildErrorPositions()
    {
        var positions = new sbyte[128];
        Array.Fill(positions, (sbyte)-1);
        Span<byte> clean = stackalloc byte[CltuLayout.CodeblockLength];
        clean.Clear();
        clean[CltuLayout.InformationLength] = ParityOctet(clean[..CltuLayout.InformationLength]);
        Span<byte> flipped = stackalloc byte[CltuLayout.CodeblockLength];
        for (int position = 0; position < 63; position++)
        {
            clean.CopyTo(flipped);
            flipped[position >> 3] ^= (byte)(0x80 >> (position & 7));
            int syndrome = (ParityOctet(flipped[..CltuLayout.InformationLength]) ^ flipped[CltuLayout.InformationLength]) & ParityMask;
            positions[syndrome >> 1] = (sbyte)position;
        }

        return positions;
    }
}
