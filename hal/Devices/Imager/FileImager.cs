using Payload.Hal.Imaging;

namespace Payload.Hal.Devices.Imager;

/// <summary>
/// Scenes from files, for a rig without a camera: every <c>.npy</c> (uint16, shape (bands, height, width))
/// or <c>.raw</c> (uint16 little-endian, band-sequential, dimensions from <see cref="FileImagerOptions"/>)
/// in a folder, in name order, cycling. The scene id is the file name; the capture time is the clock's.
/// </summary>
public sealed class FileImager : IImager
{
    private readonly string[] _files;
    private readonly FileImagerOptions _options;
    private readonly TimeProvider _time;
    private int _next;

    /// <summary>Serves the scenes in <paramref name="folder"/>.</summary>
    public FileImager(string folder, FileImagerOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Name = $"files in {folder}";
        if (!Directory.Exists(folder))
        {
            throw new ImagerException(Name, "folder does not exist");
        }

        _files = Directory.GetFiles(folder)
            .Where(f => f.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".raw", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (_files.Length == 0)
        {
            throw new ImagerException(Name, "holds no .npy or .raw scene files");
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask<MultispectralScene> CaptureAsync(CancellationToken cancellationToken = default)
    {
        string file = _files[_next];
        _next = (_next + 1) % _files.Length;
        string sceneId = Path.GetFileNameWithoutExtension(file);
        try
        {
            MultispectralScene scene = file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
                ? MultispectralScene.FromNpy(NpyFile.Read(file), sceneId, _time.GetUtcNow(), _options.BandNames, _options.BitDepth)
                : ReadRaw(file, sceneId);
            return ValueTask.FromResult(scene);
        }
        catch (Exception e) when (e is NpyFormatException or ArgumentException or IOException)
        {
            throw new ImagerException(Name, $"{Path.GetFileName(file)}: {e.Message}", e);
        }
    }

    private MultispectralScene ReadRaw(string file, string sceneId)
    {
        if (_options.RawWidth is not int width || _options.RawHeight is not int height)
        {
            throw new ArgumentException("raw files need RawWidth and RawHeight in the imager options");
        }

        byte[] bytes = File.ReadAllBytes(file);
        long expected = (long)width * height * _options.BandNames.Count * sizeof(ushort);
        if (bytes.LongLength != expected)
        {
            throw new ArgumentException($"raw file is {bytes.LongLength} bytes, expected {expected} ({_options.BandNames.Count} bands x {height} x {width} x 2)");
        }

        var samples = new ushort[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)(bytes[2 * i] | (bytes[(2 * i) + 1] << 8));
        }

        return new MultispectralScene(sceneId, _time.GetUtcNow(), width, height, _options.BandNames, _options.BitDepth, samples);
    }
}
