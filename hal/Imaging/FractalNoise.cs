namespace Payload.Hal.Imaging;

/// <summary>
/// Deterministic 2-D value noise summed over octaves (fractional Brownian motion): smooth
/// random fields for terrain, moisture and clouds, reproducible from a seed on every platform
/// (integer hashing, no <see cref="Random"/>).
/// </summary>
internal readonly struct FractalNoise(uint seed, double baseWavelength, int octaves, double persistence = 0.5)
{
    /// <summary>Field value at (x, y), in [0, 1).</summary>
    public double Sample(double x, double y)
    {
        double sum = 0;
        double amplitude = 1;
        double total = 0;
        double frequency = 1 / baseWavelength;
        for (int octave = 0; octave < octaves; octave++)
        {
            sum += amplitude * Lattice(seed + (uint)(octave * 0x9E3779B9u), x * frequency, y * frequency);
            total += amplitude;
            amplitude *= persistence;
            frequency *= 2;
        }

        return sum / total;
    }

    /// <summary>A uniform value in [0, 1) for integer coordinates, from a stateless hash.</summary>
    public static double Hash(uint seed, int x, int y)
    {
        uint h = seed ^ ((uint)x * 0x8DA6B343u) ^ ((uint)y * 0xD8163841u);
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return (h >> 8) * (1.0 / (1 << 24));
    }

    private static double Lattice(uint seed, double x, double y)
    {
        int x0 = (int)Math.Floor(x);
        int y0 = (int)Math.Floor(y);
        double fx = Fade(x - x0);
        double fy = Fade(y - y0);
        double a = Hash(seed, x0, y0);
        double b = Hash(seed, x0 + 1, y0);
        double c = Hash(seed, x0, y0 + 1);
        double d = Hash(seed, x0 + 1, y0 + 1);
        double top = a + ((b - a) * fx);
        double bottom = c + ((d - c) * fx);
        return top + ((bottom - top) * fy);
    }

    // Quintic fade (6t^5 - 15t^4 + 10t^3): continuous slope, so no grid artefacts at cell edges.
    private static double Fade(double t) => t * t * t * ((t * ((t * 6) - 15)) + 10);
}
