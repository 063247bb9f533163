namespace Payload.Telemetry.Products;

/// <summary>
/// The fields every downlink product starts with (layout in telemetry/Products/README.md). The
/// payload holds <see cref="Width"/> × <see cref="Height"/> × <see cref="Bands"/> samples of
/// <see cref="BitsPerSample"/> bits, band-sequential, each band row-major.
/// </summary>
public readonly record struct ProductHeader
{
    /// <summary>Tile id of a product that covers a whole scene rather than one tile.</summary>
    public const ushort WholeScene = 0xFFFF;

    /// <summary>What the product carries.</summary>
    public ProductKind Kind { get; init; }

    /// <summary>Scene number, assigned by the payload per captured scene.</summary>
    public uint SceneId { get; init; }

    /// <summary>Tile index in the scene, or <see cref="WholeScene"/>.</summary>
    public ushort TileId { get; init; }

    /// <summary>Tile row in the scene's tile grid.</summary>
    public ushort TileRow { get; init; }

    /// <summary>Tile column in the scene's tile grid.</summary>
    public ushort TileColumn { get; init; }

    /// <summary>Scene column of the tile's top-left pixel.</summary>
    public ushort TileX { get; init; }

    /// <summary>Scene row of the tile's top-left pixel.</summary>
    public ushort TileY { get; init; }

    /// <summary>Samples per payload row.</summary>
    public ushort Width { get; init; }

    /// <summary>Payload rows.</summary>
    public ushort Height { get; init; }

    /// <summary>Payload bands (1..255), stored one after the other.</summary>
    public byte Bands { get; init; }

    /// <summary>n: bits per payload sample, 1..32.</summary>
    public byte BitsPerSample { get; init; }

    /// <summary>When the scene was captured (carried in whole microseconds, UTC).</summary>
    public DateTimeOffset CaptureTime { get; init; }

    /// <summary>The first 8 octets (big-endian) of the SHA-256 of the model that made the product.</summary>
    public ulong ModelHash { get; init; }

    /// <summary>Samples in the payload: Width × Height × Bands.</summary>
    public long SampleCount => (long)Width * Height * Bands;

    /// <summary>Bits per sample of a class map with <paramref name="classCount"/> classes: ceil(log2(classes)), at least 1.</summary>
    public static byte BitsForClasses(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        return (byte)Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(classCount - 1)));
    }
}
