namespace Payload.Telemetry.Tests.Coding;

/// <summary>Injects symbol errors at distinct random positions with random non-zero magnitudes.</summary>
internal static class SymbolErrors
{
    /// <summary>Corrupts <paramref name="count"/> distinct symbols among the first <paramref name="length"/> found every <paramref name="stride"/> bytes from <paramref name="offset"/>.</summary>
    public static void Inject(Span<byte> data, int count, Random random, int offset = 0, int stride = 1, int length = -1)
    {
        int symbols = length < 0 ? (data.Length - offset + stride - 1) / stride : length;
        Span<int> positions = stackalloc int[symbols];
        for (int i = 0; i < symbols; i++)
        {
            positions[i] = i;
        }

        random.Shuffle(positions);
        foreach (int position in positions[..count])
        {
            data[offset + (position * stride)] ^= (byte)random.Next(1, 256);
        }
    }
}
