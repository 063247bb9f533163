namespace Payload.Telemetry.Tests.Sync;

/// <summary>Builds a test stream bit by bit, MSB first, so markers can sit at any bit offset.</summary>
internal sealed class BitStreamBuilder
{
    private readonly List<byte> _bytes = [];

    public long BitCount { get; private set; }

    public BitStreamBuilder AppendBits(ulong value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            AppendBit((int)(value >> i) & 1);
        }

        return this;
    }

    public BitStreamBuilder AppendBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            AppendByte(b);
        }

        return this;
    }

    /// <summary>Appends <paramref name="count"/> bits of <paramref name="source"/> starting at bit <paramref name="startBit"/>.</summary>
    public BitStreamBuilder AppendBitRange(byte[] source, long startBit, long count)
    {
        long bit = startBit;
        for (; count - (bit - startBit) >= 8; bit += 8)
        {
            int shift = (int)(bit % 8);
            long index = bit / 8;
            int word = source[index] << 8 | (index + 1 < source.Length ? source[index + 1] : 0);
            AppendByte((byte)(word >> (8 - shift)));
        }

        for (; bit < startBit + count; bit++)
        {
            AppendBit(source[bit / 8] >> (7 - (int)(bit % 8)) & 1);
        }

        return this;
    }

    /// <summary>Appends the marker with the given bits (0 = MSB) flipped.</summary>
    public BitStreamBuilder AppendMarker(params int[] flippedBits)
    {
        uint marker = Payload.Telemetry.Coding.AttachedSyncMarker.Value;
        foreach (int bit in flippedBits)
        {
            marker ^= 1u << (31 - bit);
        }

        return AppendBits(marker, 32);
    }

    public byte[] ToArray(bool inverted = false) => inverted ? _bytes.Select(b => (byte)~b).ToArray() : [.. _bytes];

    private void AppendByte(byte value)
    {
        int used = (int)(BitCount % 8);
        if (used == 0)
        {
            _bytes.Add(value);
        }
        else
        {
            _bytes[^1] |= (byte)(value >> used);
            _bytes.Add((byte)(value << (8 - used)));
        }

        BitCount += 8;
    }

    private void AppendBit(int bit)
    {
        if (BitCount % 8 == 0)
        {
            _bytes.Add(0);
        }

        _bytes[^1] |= (byte)(bit << (7 - (int)(BitCount % 8)));
        BitCount++;
    }
}
