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

    // Colours operators expect for common class names.
    private static readonly Dictionary<string, (byte R, byte G, byte B)> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["water"] = (0x1F, 0x5F, 0xBF),
        ["vegetation"] = (0x2E, 0x9E, 0x3E),
        ["land"] = (0xC8, 0xA0, 0x5A),
        ["soil"] = (0xC8, 0xA0, 0x5A),
        ["urban"] = (0x9A, 0x9A, 0xA0),
        ["cloud"] = (0xE8, 0xE8, 0xF0),
        ["fire"] = (0xE0, 0x40, 0x30),
        ["ship"] = (0xF0, 0xD0, 0x20),
    };

    /// <summary>RGB triples for the classes named (1..256): known names get their usual colour, the rest distinct hues.</summary>
    public static byte[] For(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        byte[] palette = For(classNames.Count);
        for (int k = 0; k < classNames.Count; k++)
        {
            if (Named.TryGetValue(classNames[k], out (byte R, byte G, byte B) c))
            {
                (palette[k * 3], palette[(k * 3) + 1], palette[(k * 3) + 2]) = c;
            }
        }

        return palette;
    }

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
