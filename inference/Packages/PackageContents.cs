using System.Formats.Tar;
using System.IO.Compression;

namespace Payload.Inference.Packages;

/// <summary>
/// The files of a package held in memory, path → bytes, read from a directory, a zip or a tar.gz and
/// written back to any of them. Nothing here is trusted until <see cref="PackageVerifier"/> has checked it.
/// </summary>
public sealed class PackageContents
{
    // PKWARE APPNOTE 4.3.7: a zip starts with a local file header signature; an empty zip with the end of central directory.
    private static ReadOnlySpan<byte> ZipLocalHeader => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> ZipEmptyArchive => [0x50, 0x4B, 0x05, 0x06];

    // RFC 1952 section 2.3.1: ID1 ID2 of a gzip member.
    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];

    private const UnixFileMode RegularMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ExecutableMode = RegularMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Dictionary<string, byte[]> _files;

    public PackageContents(string source, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Source = source;
        _files = new Dictionary<string, byte[]>(files, StringComparer.Ordinal);
        foreach (string path in _files.Keys)
        {
            PackagePaths.Check(path);
        }
    }

    /// <summary>Where the package was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>Path → bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Files => _files;

    /// <summary>Reads a package directory, zip or tar.gz.</summary>
    /// <exception cref="PackageRejectedException">Missing, truncated or corrupt (<see cref="PackageRejection.Unreadable"/>), or a path escapes the package.</exception>
    public static PackageContents Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return FromDirectory(path);
        }

        if (!File.Exists(path))
        {
            throw new PackageRejectedException(PackageRejection.Unreadable, $"{path}: no package file or directory");
        }

        byte[] bytes = File.ReadAllBytes(path);
        return FromBytes(bytes, path);
    }

    /// <summary>Reads a zip or tar.gz image; <paramref name="source"/> names it in messages.</summary>
    public static PackageContents FromBytes(byte[] archive, string source)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ReadOnlySpan<byte> head = archive.AsSpan(0, Math.Min(4, archive.Length));
        try
        {
            if (head.SequenceEqual(ZipLocalHeader) || head.SequenceEqual(ZipEmptyArchive))
            {
                return FromZip(archive, source);
            }

            if (head.StartsWith(GzipMagic))
            {
                return FromTarGz(archive, source);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException)
        {
            throw new PackageRejectedException(PackageRejection.Unreadable, $"{source}: the archive is truncated or corrupt ({e.Message})", e);
        }

        throw new PackageRejectedException(
            PackageRejection.Unreadable,
            $"{source}: {archive.Length} bytes starting {Convert.ToHexString(head)} are neither a zip (504B0304) nor a tar.gz (1F8B)");
    }

    /// <summary>Writes the files as a directory tree (executables marked from <paramref name="manifest"/>).</summary>
    public void WriteDirectory(string directory, PackageManifest? manifest = null)
    {
        foreach ((string path, byte[] data) in _files)
        {
            string target = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, data);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, IsExecutable(manifest, path) ? ExecutableMode : RegularMode);
            }
        }
    }

    /// <summary>Writes the files as a zip.</summary>
    public void WriteZip(Stream destination)
    {
        using ZipArchive zip = new(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach ((string path, byte[] data) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            ZipArchiveEntry entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            using Stream stream = entry.Open();
            stream.Write(data);
        }
    }

    /// <summary>Writes the files as a gzip-compressed POSIX tar, modes from <paramref name="manifest"/>.</summary>
    public void WriteTarGz(Stream destination, PackageManifest? manifest = null)
    {
        using GZipStream gzip = new(destination, CompressionLevel.Optimal, leaveOpen: true);
        using TarWriter tar = new(gzip, TarEntryFormat.Pax, leaveOpen: true);
        foreach ((string path, byte[] data) in _files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            PaxTarEntry entry = new(TarEntryType.RegularFile, path)
            {
                Mode = IsExecutable(manifest, path) ? ExecutableMode : RegularMode,
                ModificationTime = DateTimeOffset.UnixEpoch,
                DataStream = new MemoryStream(data, writable: false),
            };
            tar.WriteEntry(entry);
        }
    }

    /// <summary>Writes a zip when <paramref name="path"/> ends in .zip, otherwise a tar.gz.</summary>
    public void WriteArchive(string path, PackageManifest? manifest = null)
    {
        using FileStream stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            WriteZip(stream);
        }
        else
        {
            WriteTarGz(stream, manifest);
        }
    }

    private static bool IsExecutable(PackageManifest? manifest, string path) => manifest?.Find(path)?.Executable ?? false;

    private static PackageContents FromDirectory(string directory)
    {
        Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            files[relative] = File.ReadAllBytes(file);
        }

        return new PackageContents(directory, files);
    }

    private static PackageContents FromZip(byte[] archive, string source)
    {
        Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
        using ZipArchive zip = new(new MemoryStream(archive, writable: false), ZipArchiveMode.Read);
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            using Stream stream = entry.Open();
            using MemoryStream copy = new();
            stream.CopyTo(copy);
            AddUnique(files, entry.FullName, copy.ToArray(), source);
        }

        return new PackageContents(source, files);
    }

    private static PackageContents FromTarGz(byte[] archive, string source)
    {
        Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
        using GZipStream gzip = new(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
        using TarReader tar = new(gzip);
        while (tar.GetNextEntry(copyData: false) is TarEntry entry)
        {
            if (entry.EntryType is TarEntryType.Directory)
            {
                continue;
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                throw new PackageRejectedException(PackageRejection.UnsafePath, $"{source}: entry '{entry.Name}' is a {entry.EntryType}; packages hold regular files only");
            }

            using MemoryStream copy = new();
            entry.DataStream?.CopyTo(copy);
            AddUnique(files, entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name, copy.ToArray(), source);
        }

        return new PackageContents(source, files);
    }

    private static void AddUnique(Dictionary<string, byte[]> files, string path, byte[] data, string source)
    {
        PackagePaths.Check(path);
        if (!files.TryAdd(path, data))
        {
            throw new PackageRejectedException(PackageRejection.UnsafePath, $"{source}: '{path}' appears twice in the archive");
        }
    }
}
