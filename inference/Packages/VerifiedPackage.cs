namespace Payload.Inference.Packages;

/// <summary>A package whose signature and every file hash have been checked against the trusted ground key.</summary>
public sealed class VerifiedPackage
{
    internal VerifiedPackage(PackageManifest manifest, byte[] manifestBytes, string manifestHash, PackageContents contents)
    {
        Manifest = manifest;
        ManifestBytes = manifestBytes;
        ManifestHash = manifestHash;
        Contents = contents;
    }

    public PackageManifest Manifest { get; }

    /// <summary>The signed bytes of <c>package.json</c>.</summary>
    public byte[] ManifestBytes { get; }

    /// <summary>SHA-256 of <c>package.json</c>, lower-case hex: identifies the package (every file hash is inside it).</summary>
    public string ManifestHash { get; }

    /// <summary>All files, including <c>package.json</c> and <c>package.sig</c>.</summary>
    public PackageContents Contents { get; }

    /// <summary>The bytes of the listed file <paramref name="path"/>.</summary>
    public byte[] File(string path) => Contents.Files[path];
}
