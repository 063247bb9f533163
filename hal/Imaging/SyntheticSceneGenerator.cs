namespace Payload.Hal.Imaging;

/// <summary>
/// Generates deterministic 4-band (blue, green, red, near-infrared) 12-bit scenes with a
/// per-pixel ground truth of land, water, vegetation and cloud: what the simulated imager delivers.
/// </summary>
/// <remarks>
/// Four fractal-noise fields decide the classes: elevation (water below a level), moisture
/// (vegetation on wet land), cloud density (opaque above a level, a thin fringe blended over
/// the surface), and a fine texture. Levels are quantiles of each field, so every scene holds
/// the class fractions drawn from its seed. Each class has a top-of-atmosphere reflectance
/// signature (<see cref="Signature"/>) varied by texture; reflectance becomes digital numbers
/// through a dark level and a gain, plus sensor noise.
/// </remarks>
public sealed class SyntheticSceneGenerator
{
    /// <summary>Band order of every generated scene.</summary>
    public static readonly IReadOnlyList<string> BandNames = ["blue", "green", "red", "nir"];

    /// <summary>Bits per sample of the simulated detector.</summary>
    public const int BitDepth = 12;

    /// <summary>Digital number of zero reflectance (detector dark level).</summary>
    public const double DarkLevel = 100;

    /// <summary>Digital numbers per unit reflectance.</summary>
    public const double Gain = 3600;

    /// <summary>Standard deviation of the sensor noise, in digital numbers.</summary>
    public const double NoiseSigma = 12;

    // Cloud density above the cloud level by this much is opaque; the fringe below blends cloud into the surface.
    private const double CloudFringe = 0.035;

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a generator for scenes of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public SyntheticSceneGenerator(int width = 512, int height = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    /// <summary>Columns per scene.</summary>
    public int Width { get; }

    /// <summary>Rows per scene.</summary>
    public int Height { get; }

    /// <summary>Fraction of the scene under opaque cloud, or null to draw it from the seed (0.10..0.35).</summary>
    public double? CloudCover { get; init; }

    /// <summary>Fraction of the scene that is water, or null to draw it from the seed (0.12..0.30).</summary>
    public double? WaterFraction { get; init; }

    /// <summary>Fraction of the land that is vegetated, or null to draw it from the seed (0.30..0.55).</summary>
    public double? VegetationFraction { get; init; }

    /// <summary>
    /// Top-of-atmosphere reflectance of a class in blue, green, red and NIR, before texture:
    /// soil reddens towards the NIR; water falls to almost nothing in the NIR; vegetation has
    /// the red-edge jump (low red, high NIR); cloud is bright and flat.
    /// </summary>
    public static ReadOnlySpan<double> Signature(LandCoverClass landCover) => landCover switch
    {
        LandCoverClass.Land => [0.11, 0.15, 0.21, 0.27],
        LandCoverClass.Water => [0.07, 0.06, 0.04, 0.015],
        LandCoverClass.Vegetation => [0.035, 0.07, 0.04, 0.38],
        LandCoverClass.Cloud => [0.78, 0.77, 0.76, 0.74],
        _ => throw new ArgumentOutOfRangeException(nameof(landCover), landCover, "Unknown class."),
    };

    /// <summary>Generates the scene for <paramref name="seed"/>; the same seed always gives the same bytes.</summary>
    public SyntheticScene Generate(int seed)
    {
        uint s = (uint)seed;
        double cloudCover = CloudCover ?? Draw(s, 1, 0.10, 0.35);
        double waterFraction = WaterFraction ?? Draw(s, 2, 0.12, 0.30);
        double vegetationFraction = VegetationFraction ?? Draw(s, 3, 0.30, 0.55);

        int n = Width * Height;
        double scale = Math.Max(Width, Height);
        FractalNoise elevation = new(s * 4 + 11, scale / 2.5, 5);
        FractalNoise moisture = new(s * 4 + 12, scale / 4, 4);
        FractalNoise clouds = new(s * 4 + 13, scale / 3, 6, 0.55);
        FractalNoise texture = new(s * 4 + 14, 24, 3);

        double[] elevationField = new double[n];
        double[] moistureField = new double[n];
        double[] cloudField = new double[n];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                elevationField[i] = elevation.Sample(x, y);
                moistureField[i] = moisture.Sample(x, y);
                cloudField[i] = clouds.Sample(x, y);
            }
        }

        double waterLevel = Quantile(elevationField, waterFraction);
        double cloudLevel = Quantile(cloudField, 1 - cloudCover);
        double moistureLevel = LandQuantile(moistureField, elevationField, waterLevel, 1 - vegetationFraction);

        MultispectralScene scene = MultispectralScene.CreateEmpty(
            $"synthetic-{seed}", Epoch.AddMinutes(seed & 0xFFFFF), Width, Height, BandNames, BitDepth);
        Span<ushort> blue = scene.Band(0);
        Span<ushort> green = scene.Band(1);
        Span<ushort> red = scene.Band(2);
        Span<ushort> nir = scene.Band(3);
        byte[] labels = new byte[n];
        Span<double> surface = stackalloc double[4];
        ReadOnlySpan<double> cloudSignature = Signature(LandCoverClass.Cloud);
        ushort max = scene.MaxSampleValue;
        uint noiseSeed = (s * 4) + 15;

        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                double t = texture.Sample(x, y);
                LandCoverClass ground = elevationField[i] < waterLevel
                    ? LandCoverClass.Water
                    : moistureField[i] >= moistureLevel ? LandCoverClass.Vegetation : LandCoverClass.Land;
                SurfaceReflectance(ground, t, elevationField[i] - waterLevel, surface);

                // Opaque above the cloud level; a fringe below it mixes cloud into the surface.
                double alpha = Math.Clamp(0.5 + ((cloudField[i] - cloudLevel) / (2 * CloudFringe)), 0, 1);
                double cloudBrightness = 0.85 + (0.3 * t);
                labels[i] = (byte)(cloudField[i] >= cloudLevel ? LandCoverClass.Cloud : ground);

                for (int band = 0; band < 4; band++)
                {
                    double reflectance = ((1 - alpha) * surface[band]) + (alpha * cloudSignature[band] * cloudBrightness);
                    double dn = DarkLevel + (reflectance * Gain) + (NoiseSigma * GaussianNoise(noiseSeed, i, band));
                    ushort sample = (ushort)Math.Clamp(Math.Round(dn), 0, max);
                    switch (band)
                    {
                        case 0: blue[i] = sample; break;
                        case 1: green[i] = sample; break;
                        case 2: red[i] = sample; break;
                        default: nir[i] = sample; break;
                    }
                }
            }
        }

        return new SyntheticScene(seed, scene, labels);
    }

    private static void SurfaceReflectance(LandCoverClass ground, double texture, double heightAboveWater, Span<double> reflectance)
    {
        Signature(ground).CopyTo(reflectance);
        switch (ground)
        {
            case LandCoverClass.Land:
                // Soil brightness varies with texture; drier, higher ground is redder.
                double brightness = 0.75 + (0.5 * texture);
                double reddening = Math.Clamp(heightAboveWater * 0.4, 0, 0.06);
                reflectance[0] *= brightness;
                reflectance[1] *= brightness;
                reflectance[2] = (reflectance[2] * brightness) + reddening;
                reflectance[3] = (reflectance[3] * brightness) + reddening;
                break;
            case LandCoverClass.Water:
                // Turbidity (sediment) brightens green and red a little.
                double turbidity = texture * 0.03;
                reflectance[1] += turbidity;
                reflectance[2] += turbidity;
                break;
            case LandCoverClass.Vegetation:
                // Canopy density: denser canopy, brighter NIR.
                double vigour = 0.8 + (0.4 * texture);
                reflectance[3] *= vigour;
                reflectance[1] *= 2 - vigour;
                break;
            default:
                break;
        }
    }

    // Sum of four uniforms, centred and scaled to unit variance (Irwin-Hall); bounded and cheap.
    private static double GaussianNoise(uint seed, int pixel, int band)
    {
        double sum = 0;
        for (int k = 0; k < 4; k++)
        {
            sum += FractalNoise.Hash(seed + (uint)(band * 4) + (uint)k, pixel, band);
        }

        return (sum - 2) * Math.Sqrt(3);
    }

    private static double Draw(uint seed, int which, double low, double high) =>
        low + ((high - low) * FractalNoise.Hash(seed, which, -1));

    private static double Quantile(double[] field, double fraction)
    {
        double[] sorted = (double[])field.Clone();
        Array.Sort(sorted);
        int index = Math.Clamp((int)(fraction * sorted.Length), 0, sorted.Length - 1);
        return sorted[index];
    }

    private static double LandQuantile(double[] field, double[] elevation, double waterLevel, double fraction)
    {
        List<double> land = new(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (elevation[i] >= waterLevel)
            {
                land.Add(field[i]);
            }
        }

        if (land.Count == 0)
        {
            return double.PositiveInfinity;
        }

        land.Sort();
        return land[Math.Clamp((int)(fraction * land.Count), 0, land.Count - 1)];
    }
}
