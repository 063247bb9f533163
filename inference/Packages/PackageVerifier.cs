using System.Security.Cryptography;

namespace Payload.Inference.Packages;

/// <summary>
/// The first link of the on-board chain: signature over <c>package.json</c> by the trusted ground key,
/// then the SHA-256 and size of every listed file, and no file that is not listed.
/// </summary>
public static class PackageVerifier
{
    /// <summary>Reads and verifies the package at <paramref name="path"/> (directory, zip or tar.gz).</summary>
    /// <exception cref="PackageRejectedException">Any check failed; <see cref="PackageRejectedException.Reason"/> says which.</exception>
    public static VerifiedPackage Verify(string path, GroundKey trustedKey) => Verify(PackageContents.Load(path), trustedKey);

    /// <summary>Verifies files already read.</summary>
    /// <exception cref="PackageRejectedException">Any check failed; <see cref="PackageRejectedException.Reason"/> says which.</exception>
    public static VerifiedPackage Verify(PackageContents contents, GroundKey trustedKey)
    {
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(trustedKey);
        byte[] manifestBytes = Required(contents, PackageManifest.FileName);
        byte[] signatureBytes = Required(contents, PackageSignature.FileName);

        // The signature is checked before the manifest is interpreted: nothing unsigned steers the checks.
        PackageSignature.Parse(signatureBytes).Verify(manifestBytes, trustedKey);
        PackageManifest manifest = PackageManifest.Parse(manifestBytes);

        foreach (PackageFile file in manifest.Files)
        {
            if (!contents.Files.TryGetValue(file.Path, out byte[]? data))
            {
                throw new PackageRejectedException(PackageRejection.MissingFile, $"{contents.Source}: '{file.Path}' is listed in {PackageManifest.FileName} but not in the package");
            }

            string actual = Sha256Hex(data);
            if (data.LongLength != file.Size || actual != file.Sha256)
            {
                throw new PackageRejectedException(
                    PackageRejection.HashMismatch,
                    $"{contents.Source}: '{file.Path}' has SHA-256 {actual} ({data.LongLength} bytes), {PackageManifest.FileName} says {file.Sha256} ({file.Size} bytes)");
            }
        }

        foreach (string path in contents.Files.Keys)
        {
            if (path is not (PackageManifest.FileName or PackageSignature.FileName) && manifest.Find(path) is null)
            {
                throw new PackageRejectedException(PackageRejection.UnlistedFile, $"{contents.Source}: '{path}' is in the package but not listed in {PackageManifest.FileName}");
            }
        }

        return new VerifiedPackage(manifest, manifestBytes, Sha256Hex(manifestBytes), contents);
    }

    /// <summary>SHA-256 of <paramref name="data"/>, lower-case hex.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Required(PackageContents contents, string name) =>
        contents.Files.TryGetValue(name, out byte[]? data)
            ? data
            : throw new PackageRejectedException(PackageRejection.MissingFile, $"{contents.Source}: '{name}' is not in the package");
}
