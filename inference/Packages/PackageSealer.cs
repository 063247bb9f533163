namespace Payload.Inference.Packages;

/// <summary>The ground side: lists files with their hashes in a package manifest and signs it.</summary>
public static class PackageSealer
{
    /// <summary>
    /// Builds the package: <paramref name="files"/> plus <c>package.json</c> (from <paramref name="template"/>,
    /// whose <see cref="PackageManifest.Files"/> is replaced by the hashed list) and <c>package.sig</c>.
    /// </summary>
    /// <param name="executables">Paths to mark executable.</param>
    public static (PackageContents Contents, PackageManifest Manifest) Seal(
        IReadOnlyDictionary<string, byte[]> files, PackageManifest template, GroundKey signingKey, IReadOnlySet<string>? executables = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(signingKey);
        foreach (string reserved in new[] { PackageManifest.FileName, PackageSignature.FileName })
        {
            if (files.ContainsKey(reserved))
            {
                throw new ArgumentException($"'{reserved}' is written by the sealer; it cannot be one of the package's files.", nameof(files));
            }
        }

        PackageManifest manifest = new()
        {
            Kind = template.Kind,
            Name = template.Name,
            Version = template.Version,
            Model = template.Model,
            Rid = template.Rid,
            Files = [.. files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new PackageFile
            {
                Path = f.Key,
                Sha256 = PackageVerifier.Sha256Hex(f.Value),
                Size = f.Value.LongLength,
                Executable = executables?.Contains(f.Key) ?? false,
            })],
        };

        byte[] manifestBytes = manifest.ToJsonBytes();
        // Round-trip through the parser so the ground never signs a manifest the payload would refuse.
        PackageManifest.Parse(manifestBytes);
        Dictionary<string, byte[]> all = new(files, StringComparer.Ordinal)
        {
            [PackageManifest.FileName] = manifestBytes,
            [PackageSignature.FileName] = PackageSignature.Create(manifestBytes, signingKey).ToJsonBytes(),
        };
        return (new PackageContents("sealed package", all), manifest);
    }
}
