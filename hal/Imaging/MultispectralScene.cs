namespace Payload.Hal.Imaging;

/// <summary>
/// One multispectral capture: every band of a scene as unsigned samples, band-sequential
/// (<c>[band][y][x]</c>, C order), with the metadata an imager stamps on it.
/// </summary>
public sealed class MultispectralScene
{
    /// <summary>Widest sample this type stores (16-bit containers).</summary>
    public const int MaxBitDepth = 16;

    private readonly ushort[] _samples;
    private readonly string[] _bandNames;

    /// <summary>Wraps <paramref name="samples"/> (not copied) as a scene of <paramref name="bandNames"/>.Count bands.</summary>
    /// <exception cref="ArgumentException">A dimension, band name, bit depth or sample count does not fit the others.</exception>
    public MultispectralScene(
        string sceneId,
        DateTimeOffset captureTime,
        int width,
        int height,
        IReadOnlyList<string> bandNames,
        int bitDepth,
        ushort[] samples)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sceneId);
        ArgumentNullException.ThrowIfNull(bandNames);
        ArgumentNullException.ThrowIfNull(samples);
        if (width <= 0)
        {
            throw new ArgumentException($"Scene {sceneId}: width {width} must be positive.", nameof(width));
        }

        if (height <= 0)
        {
            throw new ArgumentException($"Scene {sceneId}: height {height} must be positive.", nameof(height));
        }

        if (bandNames.Count == 0)
        {
            throw new ArgumentException($"Scene {sceneId}: at least one band name is required.", nameof(bandNames));
        }

        if (bitDepth is < 1 or > MaxBitDepth)
        {
            throw new ArgumentException($"Scene {sceneId}: bit depth {bitDepth} is outside 1..{MaxBitDepth}.", nameof(bitDepth));
        }

        _bandNames = new string[bandNames.Count];
        for (int i = 0; i < bandNames.Count; i++)
        {
            string name = bandNames[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Scene {sceneId}: band name {i} is empty.", nameof(bandNames));
            }

            if (Array.IndexOf(_bandNames, name, 0, i) >= 0)
            {
                throw new ArgumentException($"Scene {sceneId}: band name '{name}' appears twice.", nameof(bandNames));
            }

            _bandNames[i] = name;
        }

        long expected = (long)width * height * bandNames.Count;
        if (samples.LongLength != expected)
        {
            throw new ArgumentException(
                $"Scene {sceneId}: {samples.LongLength} samples given, expected {expected} ({bandNames.Count} bands x {height} x {width}).",
                nameof(samples));
        }

        SceneId = sceneId;
        CaptureTime = captureTime;
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        _samples = samples;
    }

    /// <summary>Creates a zero-filled scene to be written through <see cref="Band(int)"/>.</summary>
    public static MultispectralScene CreateEmpty(
        string sceneId, DateTimeOffset captureTime, int width, int height, IReadOnlyList<string> bandNames, int bitDepth)
    {
        ArgumentNullException.ThrowIfNull(bandNames);
        long count = (long)Math.Max(width, 0) * Math.Max(height, 0) * bandNames.Count;
        return new MultispectralScene(sceneId, captureTime, width, height, bandNames, bitDepth, new ushort[count]);
    }

    /// <summary>Identifier of the capture, unique within a mission.</summary>
    public string SceneId { get; }

    /// <summary>When the capture was taken.</summary>
    public DateTimeOffset CaptureTime { get; }

    /// <summary>Columns per band.</summary>
    public int Width { get; }

    /// <summary>Rows per band.</summary>
    public int Height { get; }

    /// <summary>Significant bits per sample (for example 12 in 16-bit containers).</summary>
    public int BitDepth { get; }

    /// <summary>Largest value a sample may hold at <see cref="BitDepth"/>.</summary>
    public ushort MaxSampleValue => (ushort)((1 << BitDepth) - 1);

    /// <summary>Band names in storage order, e.g. blue, green, red, nir.</summary>
    public IReadOnlyList<string> BandNames => _bandNames;

    /// <summary>Number of bands.</summary>
    public int BandCount => _bandNames.Length;

    /// <summary>Samples per band (<see cref="Width"/> x <see cref="Height"/>).</summary>
    public int PixelCount => Width * Height;

    /// <summary>All samples, band-sequential.</summary>
    public ReadOnlySpan<ushort> Samples => _samples;

    /// <summary>The samples of one band, row-major.</summary>
    public Span<ushort> Band(int band)
    {
        if ((uint)band >= (uint)_bandNames.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, $"Scene {SceneId} has bands 0..{_bandNames.Length - 1}.");
        }

        return _samples.AsSpan(band * PixelCount, PixelCount);
    }

    /// <summary>The samples of the band called <paramref name="name"/> (ordinal, case-insensitive).</summary>
    public Span<ushort> Band(string name) => Band(IndexOfBand(name));

    /// <summary>One row of one band.</summary>
    public ReadOnlySpan<ushort> Row(int band, int y)
    {
        if ((uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, $"Scene {SceneId} has rows 0..{Height - 1}.");
        }

        return Band(band).Slice(y * Width, Width);
    }

    /// <summary>Index of the band called <paramref name="name"/> (ordinal, case-insensitive).</summary>
    /// <exception cref="ArgumentException">No band has that name; the message lists the names there are.</exception>
    public int IndexOfBand(string name)
    {
        int index = TryIndexOfBand(name);
        if (index < 0)
        {
            throw new ArgumentException(
                $"Scene {SceneId} has no band '{name}'; its bands are {string.Join(", ", _bandNames)}.", nameof(name));
        }

        return index;
    }

    /// <summary>Index of the band called <paramref name="name"/>, or -1.</summary>
    public int TryIndexOfBand(string name)
    {
        for (int i = 0; i < _bandNames.Length; i++)
        {
            if (string.Equals(_bandNames[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The scene as a <c>uint16 (bands, height, width)</c> array sharing no memory with the scene.</summary>
    public NpyArray ToNpy() => NpyArray.FromUInt16([BandCount, Height, Width], _samples);

    /// <summary>
    /// A scene from a <c>uint16 (bands, height, width)</c> array, e.g. a stack read with <see cref="NpyFile"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The array is not uint16 of rank 3, or its band count differs from <paramref name="bandNames"/>.</exception>
    public static MultispectralScene FromNpy(
        NpyArray array, string sceneId, DateTimeOffset captureTime, IReadOnlyList<string> bandNames, int bitDepth)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(bandNames);
        if (array.DataType != NpyDataType.UInt16 || array.Shape.Count != 3)
        {
            throw new ArgumentException(
                $"Scene {sceneId}: expected a uint16 array of shape (bands, height, width), got {array.DataType} {array.ShapeText}.",
                nameof(array));
        }

        if (array.Shape[0] != bandNames.Count)
        {
            throw new ArgumentException(
                $"Scene {sceneId}: the array has {array.Shape[0]} bands but {bandNames.Count} band names were given.",
                nameof(bandNames));
        }

        return new MultispectralScene(
            sceneId, captureTime, array.Shape[2], array.Shape[1], bandNames, bitDepth, array.AsSpan<ushort>().ToArray());
    }
}
