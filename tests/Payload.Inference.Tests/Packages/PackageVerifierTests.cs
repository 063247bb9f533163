using System.IO.Compression;
using System.Text;
using Payload.Inference.Packages;

namespace Payload.Inference.Tests.Packages;

public class PackageVerifierTests
{
    private GroundKey _key = null!;
    private PackageContents _good = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public void BuildPackage()
    {
        _key = GroundKey.Generate();
        _good = PackageFixtures.DefaultPackage(_key);
    }

    [OneTimeTearDown]
    public void DisposeKey() => _key.Dispose();

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("payload-pkg-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Sealed_package_verifies_from_zip_tar_gz_and_directory()
    {
        string zip = PackageFixtures.WriteZip(_good, _directory);
        string tarGz = Path.Combine(_directory, "package.tar.gz");
        _good.WriteArchive(tarGz);
        string folder = Path.Combine(_directory, "unpacked");
        _good.WriteDirectory(folder);

        foreach (string path in new[] { zip, tarGz, folder })
        {
            VerifiedPackage package = PackageVerifier.Verify(path, _key);
            Assert.That(package.Manifest.Kind, Is.EqualTo(PackageKind.Model), path);
            Assert.That(package.Manifest.Files.Select(f => f.Path), Is.EquivalentTo(_good.Files.Keys.Except([PackageManifest.FileName, PackageSignature.FileName])), path);
            Assert.That(package.ManifestHash, Is.EqualTo(PackageVerifier.Sha256Hex(_good.Files[PackageManifest.FileName])), path);
        }
    }

    [Test]
    public void Truncated_zip_is_unreadable()
    {
        byte[] zip = File.ReadAllBytes(PackageFixtures.WriteZip(_good, _directory));
        string truncated = Path.Combine(_directory, "truncated.zip");
        File.WriteAllBytes(truncated, zip[..(zip.Length / 2)]);

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => PackageVerifier.Verify(truncated, _key))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.Unreadable));
        Assert.That(e.Message, Does.Contain("truncated.zip"));
    }

    [TestCase(new byte[0], TestName = "Empty_file_is_unreadable")]
    [TestCase(new byte[] { 0x50, 0x4B, 0x03 }, TestName = "Three_byte_file_is_unreadable")]
    [TestCase(new byte[] { 0x7B, 0x22, 0x61, 0x22 }, TestName = "Json_file_is_unreadable")]
    [TestCase(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00 }, TestName = "Truncated_gzip_is_unreadable")]
    public void Non_archive_is_unreadable(byte[] bytes)
    {
        string path = Path.Combine(_directory, "staged.bin");
        File.WriteAllBytes(path, bytes);

        Assert.That(() => PackageVerifier.Verify(path, _key), Throws.TypeOf<PackageRejectedException>().With.Property("Reason").EqualTo(PackageRejection.Unreadable));
    }

    [Test]
    public void Missing_staged_file_is_unreadable() =>
        Assert.That(() => PackageVerifier.Verify(Path.Combine(_directory, "absent.zip"), _key),
            Throws.TypeOf<PackageRejectedException>().With.Property("Reason").EqualTo(PackageRejection.Unreadable));

    [TestCase("model.onnx")]
    [TestCase("golden/input-bands.npy")]
    [TestCase("package.sig")]
    public void Missing_file_is_named(string path)
    {
        PackageRejectedException e = Reject(PackageFixtures.With(_good, path, null));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.MissingFile));
        Assert.That(e.Message, Does.Contain($"'{path}'"));
    }

    [TestCase("model.onnx")]
    [TestCase("manifest.json")]
    [TestCase("golden/output-probabilities.npy")]
    public void Altered_file_is_a_hash_mismatch_naming_the_file(string path)
    {
        PackageRejectedException e = Reject(PackageFixtures.With(_good, path, PackageFixtures.FlipBit(_good.Files[path], -1)));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.HashMismatch));
        Assert.That(e.Message, Does.Contain($"'{path}'").And.Contain("SHA-256"));
    }

    [Test]
    public void Unlisted_file_is_refused()
    {
        PackageRejectedException e = Reject(PackageFixtures.With(_good, "extra/payload.so", [1, 2, 3]));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.UnlistedFile));
        Assert.That(e.Message, Does.Contain("'extra/payload.so'"));
    }

    [Test]
    public void Altered_signature_is_a_bad_signature()
    {
        PackageSignature signature = PackageSignature.Parse(_good.Files[PackageSignature.FileName]);
        byte[] bits = Convert.FromBase64String(signature.Signature);
        PackageSignature forged = new() { KeyId = signature.KeyId, Signature = Convert.ToBase64String(PackageFixtures.FlipBit(bits, 3)) };

        PackageRejectedException e = Reject(PackageFixtures.With(_good, PackageSignature.FileName, forged.ToJsonBytes()));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.BadSignature));
    }

    [Test]
    public void Edited_package_manifest_is_a_bad_signature()
    {
        string json = Encoding.UTF8.GetString(_good.Files[PackageManifest.FileName]).Replace("\"tolerance\": 1E-05", "\"tolerance\": 1000", StringComparison.Ordinal);
        Assert.That(json, Does.Contain("\"tolerance\": 1000"), "the edit must change the manifest");

        PackageRejectedException e = Reject(PackageFixtures.With(_good, PackageManifest.FileName, Encoding.UTF8.GetBytes(json)));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.BadSignature));
    }

    [Test]
    public void Package_signed_by_another_key_is_refused_as_wrong_key()
    {
        using GroundKey other = GroundKey.Generate();
        PackageContents foreign = PackageFixtures.DefaultPackage(other);

        PackageRejectedException e = Reject(foreign);

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.WrongKey));
        Assert.That(e.Message, Does.Contain(other.KeyId).And.Contain(_key.KeyId));
    }

    [Test]
    public void Key_id_forged_to_the_trusted_key_is_still_a_bad_signature()
    {
        using GroundKey other = GroundKey.Generate();
        PackageContents foreign = PackageFixtures.DefaultPackage(other);
        PackageSignature signature = PackageSignature.Parse(foreign.Files[PackageSignature.FileName]);
        PackageSignature relabelled = new() { KeyId = _key.KeyId, Signature = signature.Signature };

        PackageRejectedException e = Reject(PackageFixtures.With(foreign, PackageSignature.FileName, relabelled.ToJsonBytes()));

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.BadSignature));
    }

    [TestCase("../escape.onnx")]
    [TestCase("/etc/passwd")]
    [TestCase("golden/./x.npy")]
    public void Zip_entry_leaving_the_package_is_refused(string entryName)
    {
        string path = Path.Combine(_directory, "evil.zip");
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using Stream stream = zip.CreateEntry(entryName).Open();
            stream.Write([1, 2, 3]);
        }

        Assert.That(() => PackageVerifier.Verify(path, _key), Throws.TypeOf<PackageRejectedException>().With.Property("Reason").EqualTo(PackageRejection.UnsafePath));
    }

    [Test]
    public void Ground_key_survives_a_pem_round_trip_and_a_public_key_cannot_sign()
    {
        using GroundKey reloaded = GroundKey.FromPem(_key.ExportPrivatePem(), "private.pem");
        using GroundKey publicOnly = GroundKey.FromPem(_key.ExportPublicPem(), "public.pem");
        byte[] data = Encoding.UTF8.GetBytes("package manifest");

        Assert.That(reloaded.KeyId, Is.EqualTo(_key.KeyId));
        Assert.That(publicOnly.KeyId, Is.EqualTo(_key.KeyId));
        Assert.That(publicOnly.HasPrivateKey, Is.False);
        Assert.That(publicOnly.Verify(data, reloaded.Sign(data)), Is.True);
        Assert.That(() => publicOnly.Sign(data), Throws.InvalidOperationException);
    }

    [Test]
    public void Pem_without_a_key_is_refused_naming_the_source() =>
        Assert.That(() => GroundKey.FromPem("not a key", "ground.pem"),
            Throws.TypeOf<System.Security.Cryptography.CryptographicException>().With.Message.Contains("ground.pem"));

    private PackageRejectedException Reject(PackageContents contents) =>
        Assert.Throws<PackageRejectedException>(() => PackageVerifier.Verify(contents, _key))!;
}
