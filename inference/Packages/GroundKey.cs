using System.Security.Cryptography;

namespace Payload.Inference.Packages;

/// <summary>
/// The ground's ECDSA P-256 key: the ground holds the private half and signs package manifests, the
/// payload holds the public half and verifies them. Keys are PEM (PKCS#8 private, SubjectPublicKeyInfo public).
/// </summary>
public sealed class GroundKey : IDisposable
{
    private readonly ECDsa _key;

    private GroundKey(ECDsa key, bool hasPrivateKey)
    {
        _key = key;
        HasPrivateKey = hasPrivateKey;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>SHA-256 of the public key (SubjectPublicKeyInfo DER), lower-case hex; names the key in signatures.</summary>
    public string KeyId { get; }

    public bool HasPrivateKey { get; }

    /// <summary>A fresh P-256 key pair.</summary>
    public static GroundKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), hasPrivateKey: true);

    /// <summary>Reads a PEM key: a private key (either PKCS#8 or SEC1) or a public key.</summary>
    /// <exception cref="CryptographicException">The text holds no P-256 key; the message names the source.</exception>
    public static GroundKey FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new CryptographicException($"{source}: no ECDSA key in PEM ({e.Message})", e);
        }

        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new CryptographicException($"{source}: the key is on curve {parameters.Curve.Oid?.FriendlyName ?? "unknown"}, expected nistP256");
        }

        bool hasPrivate = pem.Contains("PRIVATE KEY", StringComparison.Ordinal);
        return new GroundKey(key, hasPrivate);
    }

    /// <summary>Reads the PEM key file at <paramref name="path"/>.</summary>
    public static GroundKey Load(string path) => FromPem(File.ReadAllText(path), path);

    public string ExportPrivatePem()
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException($"Key {KeyId} is a public key; it has no private half to export.");
        }

        return _key.ExportPkcs8PrivateKeyPem();
    }

    public string ExportPublicPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signs <paramref name="data"/> with SHA-256, signature in IEEE P1363 form (r || s).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException($"Key {KeyId} is a public key; signing needs the private key.");
        }

        return _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}
