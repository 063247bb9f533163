namespace Payload.GroundTest.Imaging;

/// <summary>Colours for class maps: fixed, well-separated hues so the same class looks the same in every image.</summary>
internal static class ClassPalette
{
    // Water, vegetation, bare soil, urban first (the default model's classes), then more for larger models.
    private static readonly byte[] Base =
    [
        0x1F, 0x5F, 0xBF,
        0x2E, 0x9E, 0x3E,
        0xC8, 0xA0, 0x5A,
        0x9A, 0x9A, 0xA0,
        0xE0, 0x40, 0x30,
        0xF0, 0xD0, 0x20,
        0x90, 0x40, 0xC0,
        0x20, 0xC0, 0xC0,
    ];

    /// <summary>RGB triples for <paramref name="classCount"/> classes (1..256); classes beyond the base set get generated hues.</summary>
    public static byte[] For(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        byte[] palette = new byte[classCount * 3];
        for (int k = 0; k < classCount; k++)
        {
            if (k * 3 < Base.Length)
            {
                Base.AsSpan(k * 3, 3).CopyTo(palette.AsSpan(k * 3));
                continue;
            }

            // Golden-angle hue steps keep generated neighbours apart.
            double hue = (k * 137.508) % 360;
            (palette[k * 3], palette[(k * 3) + 1], palette[(k * 3) + 2]) = HueToRgb(hue);
        }

        return palette;
    }

    /// <summary>CSS colour of class <paramref name="classIndex"/>.</summary>
    public static string Css(byte[] palette, int classIndex) =>
        $"#{palette[classIndex * 3]:X2}{palette[(classIndex * 3) + 1]:X2}{palette[(classIndex * 3) + 2]:X2}";

    private static (byte R, byte G, byte B) HueToRgb(double hue)
    {
        double x = 1 - Math.Abs((hue / 60 % 2) - 1);
        (double r, double g, double b) = (int)(hue / 60) switch
        {
            0 => (1.0, x, 0.0),
            1 => (x, 1.0, 0.0),
            2 => (0.0, 1.0, x),
            3 => (0.0, x, 1.0),
            4 => (x, 0.0, 1.0),
            _ => (1.0, 0.0, x),
        };
        return ((byte)(40 + (r * 180)), (byte)(40 + (g * 180)), (byte)(40 + (b * 180)));
    }
}
