using System.Buffers.Binary;

namespace Payload.Inference.Packages;

/// <summary>
/// Signed bundles of a published flight (or ground-test) build for one runtime identifier: built on the
/// ground from a <c>dotnet publish</c> folder, checked on board before the updater installs them.
/// </summary>
public static class RuntimeBundle
{
    // ELF specification (System V ABI, gABI "ELF Header"): e_ident starts 0x7F 'E' 'L' 'F'; e_machine is the uint16 at offset 18.
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    private const int ElfMachineOffset = 18;

    // gABI e_machine values: EM_X86_64 = 62, EM_AARCH64 = 183.
    private const ushort EmX8664 = 62;
    private const ushort EmAarch64 = 183;

    /// <summary>Runtime identifiers bundles can be built for, with the ELF machine their native files must have.</summary>
    public static IReadOnlyDictionary<string, ushort> SupportedRids { get; } = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        ["linux-x64"] = EmX8664,
        ["linux-arm64"] = EmAarch64,
    };

    /// <summary>Seals every file under <paramref name="publishDirectory"/> into a bundle for <paramref name="rid"/>; files with the owner-execute bit stay executable.</summary>
    /// <exception cref="ArgumentException">The RID is not supported or the folder is empty.</exception>
    /// <exception cref="PackageRejectedException">A native file in the folder is built for another machine than <paramref name="rid"/>.</exception>
    public static (PackageContents Contents, PackageManifest Manifest) Build(string publishDirectory, string rid, string name, string version, GroundKey signingKey)
    {
        ArgumentNullException.ThrowIfNull(publishDirectory);
        if (!SupportedRids.ContainsKey(rid))
        {
            throw new ArgumentException($"RID '{rid}' is not supported; use one of {string.Join(", ", SupportedRids.Keys)}.", nameof(rid));
        }

        PackageContents published = PackageContents.Load(publishDirectory);
        if (published.Files.Count == 0)
        {
            throw new ArgumentException($"{publishDirectory} holds no files; run dotnet publish first.", nameof(publishDirectory));
        }

        HashSet<string> executables = new(StringComparer.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            foreach (string path in published.Files.Keys)
            {
                if ((File.GetUnixFileMode(Path.Combine(publishDirectory, path)) & UnixFileMode.UserExecute) != 0)
                {
                    executables.Add(path);
                }
            }
        }

        CheckMachine(published.Files, rid, publishDirectory);
        PackageManifest template = new() { Kind = PackageKind.Bundle, Name = name, Version = version, Rid = rid };
        return PackageSealer.Seal(published.Files, template, signingKey, executables);
    }

    /// <summary>Checks that a verified package is a bundle for <paramref name="expectedRid"/> and that its native files are for that machine.</summary>
    /// <exception cref="PackageRejectedException"><see cref="PackageRejection.WrongKind"/>.</exception>
    public static void Check(VerifiedPackage package, string expectedRid)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Kind != PackageKind.Bundle)
        {
            throw new PackageRejectedException(PackageRejection.WrongKind, $"{package.Contents.Source}: a {package.Manifest.Kind} package, expected a bundle");
        }

        if (package.Manifest.Rid != expectedRid)
        {
            throw new PackageRejectedException(PackageRejection.WrongKind, $"{package.Contents.Source}: a bundle for {package.Manifest.Rid}, this payload runs {expectedRid}");
        }

        CheckMachine(package.Contents.Files, expectedRid, package.Contents.Source);
    }

    /// <summary>The ELF e_machine of <paramref name="file"/>, or null when it is not an ELF file.</summary>
    public static ushort? ElfMachine(ReadOnlySpan<byte> file) =>
        file.Length >= ElfMachineOffset + 2 && file.StartsWith(ElfMagic) ? BinaryPrimitives.ReadUInt16LittleEndian(file[ElfMachineOffset..]) : null;

    private static void CheckMachine(IReadOnlyDictionary<string, byte[]> files, string rid, string source)
    {
        if (!SupportedRids.TryGetValue(rid, out ushort expected))
        {
            throw new PackageRejectedException(PackageRejection.WrongKind, $"{source}: RID '{rid}' is not one of {string.Join(", ", SupportedRids.Keys)}");
        }

        foreach ((string path, byte[] data) in files)
        {
            if (ElfMachine(data) is ushort machine && machine != expected)
            {
                throw new PackageRejectedException(PackageRejection.WrongKind, $"{source}: '{path}' is an ELF file for machine {machine}, {rid} needs machine {expected}");
            }
        }
    }
}
