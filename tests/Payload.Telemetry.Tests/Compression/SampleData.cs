namespace Payload.Telemetry.Tests.Compression;

/// <summary>Seeded sample sequences that exercise each coding option.</summary>
public static class SampleData
{
    /// <summary><paramref name="count"/> samples of <paramref name="bits"/> bits; signed ones sign-extended to 32 bits.</summary>
    public static uint[] Create(SampleKind kind, int count, int bits, bool signed, int seed)
    {
        Random random = new(seed);
        long min = signed ? -(1L << (bits - 1)) : 0;
        long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        uint[] samples = new uint[count];
        switch (kind)
        {
            case SampleKind.ImageLike:
                double sigma = Math.Max(1, Math.Min(16, (max - min) / 64.0));
                const int Width = 257;
                for (int i = 0; i < count; i++)
                {
                    int x = i % Width;
                    int y = i / Width;
                    double mid = (min + max) / 2.0;
                    double amplitude = (max - min) / 32.0;
                    double value = mid + (amplitude * Math.Sin(x / 40.0) * Math.Cos(y / 30.0)) + (sigma * Gaussian(random));
                    samples[i] = (uint)(long)Math.Clamp(Math.Round(value), min, max);
                }

                break;
            case SampleKind.Constant:
                Array.Fill(samples, (uint)(min + ((max - min) / 3)));
                break;
            case SampleKind.Random:
                for (int i = 0; i < count; i++)
                {
                    samples[i] = (uint)(min + (long)(random.NextDouble() * (max - min + 1)));
                }

                break;
            default:
                int position = 0;
                while (position < count)
                {
                    int length = Math.Min(count - position, random.Next(1, 1200));
                    long level = min + (long)(random.NextDouble() * (max - min + 1));
                    bool ramp = random.Next(4) == 0;
                    for (int i = 0; i < length; i++)
                    {
                        samples[position + i] = (uint)(ramp ? Math.Clamp(level + (i % 3), min, max) : level);
                    }

                    position += length;
                }

                break;
        }

        return samples;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
