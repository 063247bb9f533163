namespace Payload.Telemetry.Coding;

/// <summary>
/// The CCSDS pseudo-randomiser (131.0-B §10): XOR of the codeblock (everything after the ASM) with the
/// sequence of h(x) = x^8 + x^7 + x^5 + x^3 + 1 started from all ones at the first bit after the marker.
/// The same call randomises and de-randomises.
/// </summary>
public static class PseudoRandomizer
{
    /// <summary>Period of the sequence in bytes: 255 bits repeat, so 255 bytes do too (131.0-B §10.4).</summary>
    public const int PeriodBytes = 255;

    // h(x) as a recurrence, s[n+8] = s[n+7] ^ s[n+5] ^ s[n+3] ^ s[n] (131.0-B §10.4), as a mask over a
    // register holding s[n] in bit 7 down to s[n+7] in bit 0.
    private const int RecurrenceTaps = 0b1001_0101;

    // A whole number of periods, longer than any codeblock (8 × 255 bytes), so most calls are one XOR pass.
    private static readonly byte[] Table = BuildTable(PeriodBytes * 9);

    /// <summary>The first <paramref name="count"/> bytes of the sequence.</summary>
    internal static byte[] Sequence(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        byte[] result = new byte[count];
        for (int offset = 0; offset < count; offset += Table.Length)
        {
            int n = Math.Min(Table.Length, count - offset);
            Table.AsSpan(0, n).CopyTo(result.AsSpan(offset));
        }

        return result;
    }

    /// <summary>XORs <paramref name="codeblock"/> with the sequence from its start, in place.</summary>
    public static void Apply(Span<byte> codeblock)
    {
        for (int offset = 0; offset < codeblock.Length; offset += Table.Length)
        {
            Span<byte> part = codeblock[offset..];
            BitwiseSpan.Xor(part[..Math.Min(part.Length, Table.Length)], Table);
        }
    }

    private static byte[] BuildTable(int length)
    {
        // Fibonacci register holding the last eight sequence bits, oldest in bit 7.
        int register = 0xFF;
        byte[] table = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int value = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                int oldest = register >> 7 & 1;
                value = value << 1 | oldest;
                int next = System.Numerics.BitOperations.PopCount((uint)(register & RecurrenceTaps)) & 1;
                register = (register << 1 | next) & 0xFF;
            }

            table[i] = (byte)value;
        }

        return table;
    }
}
