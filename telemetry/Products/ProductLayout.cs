using System.Buffers.Binary;

namespace Payload.Telemetry.Products;

/// <summary>
/// Octet offsets and fixed values of the downlink product format; each field is specified once in
/// telemetry/Products/README.md. All multi-octet fields are big-endian.
/// </summary>
internal static class ProductLayout
{
    /// <summary>The format version this code writes and reads.</summary>
    public const byte Version = 1;

    public const int VersionOffset = 0;
    public const int KindOffset = 1;
    public const int CodingOffset = 2;
    public const int BitsPerSampleOffset = 3;
    public const int BandsOffset = 4;
    public const int BlockSizeOffset = 5;
    public const int ReferenceSampleIntervalOffset = 6;
    public const int SceneIdOffset = 8;
    public const int TileIdOffset = 12;
    public const int TileRowOffset = 14;
    public const int TileColumnOffset = 16;
    public const int TileXOffset = 18;
    public const int TileYOffset = 20;
    public const int WidthOffset = 22;
    public const int HeightOffset = 24;
    public const int CaptureTimeOffset = 26;
    public const int ModelHashOffset = 34;
    public const int PayloadLengthOffset = 42;

    /// <summary>Octets of the common header; the kind's detail block follows.</summary>
    public const int HeaderLength = 46;

    /// <summary>Octets of the alert detail block.</summary>
    public const int AlertDetailLength = 10;

    /// <summary>Octets of the scene summary detail block.</summary>
    public const int SceneSummaryDetailLength = 10;

    /// <summary>Octets of the trailing CRC-16 (CCSDS 132.0-B-3 §4.1.6.2 parameters) over everything before it.</summary>
    public const int CrcLength = 2;

    /// <summary>Coding 1: CCSDS 121.0-B with the unit-delay predictor and mapper, unsigned samples.</summary>
    public const byte CodingCcsds121Predicted = 1;

    /// <summary>Coding 2: CCSDS 121.0-B without preprocessing, unsigned samples.</summary>
    public const byte CodingCcsds121Plain = 2;

    /// <summary>Bits per sample of quicklooks and of scene summary pixel counts.</summary>
    public const int QuicklookBitsPerSample = 8;

    public const int QuicklookBands = 3;
    public const int SceneSummaryBitsPerSample = 32;

    /// <summary>Full scale of the 16-bit fixed-point fractions.</summary>
    public const double FractionScale = ushort.MaxValue;

    public static int DetailLength(ProductKind kind) => kind switch
    {
        ProductKind.Alert => AlertDetailLength,
        ProductKind.SceneSummary => SceneSummaryDetailLength,
        _ => 0,
    };

    public static ushort ToFraction16(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "A fraction must lie in 0..1.");
        }

        return (ushort)Math.Round(value * FractionScale);
    }

    public static double FromFraction16(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt16BigEndian(source) / FractionScale;

    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
