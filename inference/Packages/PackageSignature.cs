using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Inference.Packages;

/// <summary>The detached signature over <c>package.json</c> (<c>package.sig</c>, JSON): which key, which algorithm, the signature.</summary>
public sealed class PackageSignature
{
    /// <summary>Name of the signature file inside a package.</summary>
    public const string FileName = "package.sig";

    /// <summary>ECDSA over NIST P-256 with SHA-256 (FIPS 186-5), signature as r || s.</summary>
    public const string EcdsaP256Sha256 = "ECDSA-P256-SHA256";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    public string Algorithm { get; init; } = EcdsaP256Sha256;

    /// <summary><see cref="GroundKey.KeyId"/> of the signing key.</summary>
    public string KeyId { get; init; } = "";

    /// <summary>Base64 of the signature.</summary>
    public string Signature { get; init; } = "";

    /// <summary>Signs the package manifest bytes with <paramref name="key"/>.</summary>
    public static PackageSignature Create(ReadOnlySpan<byte> manifestBytes, GroundKey key) =>
        new() { KeyId = key.KeyId, Signature = Convert.ToBase64String(key.Sign(manifestBytes)) };

    /// <exception cref="PackageRejectedException">Not JSON of this shape (<see cref="PackageRejection.ManifestInvalid"/>).</exception>
    public static PackageSignature Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<PackageSignature>(json, JsonOptions)
                ?? throw new PackageRejectedException(PackageRejection.ManifestInvalid, $"{FileName}: the signature is null");
        }
        catch (JsonException e)
        {
            throw new PackageRejectedException(PackageRejection.ManifestInvalid, $"{FileName}: {e.Path ?? "$"}: {e.Message}", e);
        }
    }

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>Checks this signature over <paramref name="manifestBytes"/> against the trusted <paramref name="key"/>.</summary>
    /// <exception cref="PackageRejectedException"><see cref="PackageRejection.WrongKey"/> or <see cref="PackageRejection.BadSignature"/>.</exception>
    public void Verify(ReadOnlySpan<byte> manifestBytes, GroundKey key)
    {
        if (Algorithm != EcdsaP256Sha256)
        {
            throw new PackageRejectedException(PackageRejection.BadSignature, $"{FileName}: algorithm '{Algorithm}' is not supported (expected {EcdsaP256Sha256})");
        }

        if (!string.Equals(KeyId, key.KeyId, StringComparison.OrdinalIgnoreCase))
        {
            throw new PackageRejectedException(PackageRejection.WrongKey, $"{FileName}: signed by key {KeyId}, the payload trusts key {key.KeyId}");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Signature);
        }
        catch (FormatException e)
        {
            throw new PackageRejectedException(PackageRejection.BadSignature, $"{FileName}: signature is not base64", e);
        }

        if (!key.Verify(manifestBytes, signature))
        {
            throw new PackageRejectedException(PackageRejection.BadSignature, $"{FileName}: the {signature.Length}-byte signature does not verify over {PackageManifest.FileName} with key {key.KeyId}");
        }
    }
}
