using Payload.Inference.Packages;

namespace Payload.Inference.Tests.Packages;

public class RuntimeBundleTests
{
    private GroundKey _key = null!;
    private string _publish = null!;

    [SetUp]
    public void CreatePublishFolder()
    {
        _key = GroundKey.Generate();
        _publish = Directory.CreateTempSubdirectory("payload-publish-").FullName;
        File.WriteAllBytes(Path.Combine(_publish, "Payload.Flight.dll"), [0x4D, 0x5A, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_publish, "libonnxruntime.so.1"), FakeElf(183));
        Directory.CreateDirectory(Path.Combine(_publish, "de"));
        File.WriteAllText(Path.Combine(_publish, "de", "System.CommandLine.resources.dll"), "resources");
    }

    [TearDown]
    public void DeletePublishFolder()
    {
        _key.Dispose();
        Directory.Delete(_publish, recursive: true);
    }

    [Test]
    public void Bundle_of_an_arm64_publish_verifies_for_linux_arm64()
    {
        (PackageContents contents, PackageManifest manifest) = RuntimeBundle.Build(_publish, "linux-arm64", "payload-flight", "1.2.3", _key);

        VerifiedPackage package = PackageVerifier.Verify(Reread(contents, manifest), _key);
        RuntimeBundle.Check(package, "linux-arm64");

        Assert.That(package.Manifest.Rid, Is.EqualTo("linux-arm64"));
        Assert.That(package.Manifest.Files.Select(f => f.Path), Is.EquivalentTo(new[] { "Payload.Flight.dll", "libonnxruntime.so.1", "de/System.CommandLine.resources.dll" }));
    }

    [Test]
    public void Bundle_with_an_altered_library_is_a_hash_mismatch_naming_it()
    {
        (PackageContents contents, _) = RuntimeBundle.Build(_publish, "linux-arm64", "payload-flight", "1.2.3", _key);
        PackageContents altered = PackageFixtures.With(contents, "libonnxruntime.so.1", PackageFixtures.FlipBit(contents.Files["libonnxruntime.so.1"], 40));

        Assert.That(() => PackageVerifier.Verify(altered, _key),
            Throws.TypeOf<PackageRejectedException>().With.Property("Reason").EqualTo(PackageRejection.HashMismatch).And.Message.Contains("'libonnxruntime.so.1'"));
    }

    [Test]
    public void Bundle_for_another_rid_is_refused_by_the_check()
    {
        (PackageContents contents, _) = RuntimeBundle.Build(_publish, "linux-arm64", "payload-flight", "1.2.3", _key);
        VerifiedPackage package = PackageVerifier.Verify(contents, _key);

        Assert.That(() => RuntimeBundle.Check(package, "linux-x64"),
            Throws.TypeOf<PackageRejectedException>().With.Property("Reason").EqualTo(PackageRejection.WrongKind).And.Message.Contains("linux-arm64"));
    }

    [Test]
    public void Publish_folder_with_a_library_for_another_machine_cannot_be_bundled() =>
        Assert.That(() => RuntimeBundle.Build(_publish, "linux-x64", "payload-flight", "1.2.3", _key),
            Throws.TypeOf<PackageRejectedException>().With.Message.Contains("'libonnxruntime.so.1'").And.Message.Contains("machine 183"));

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Executable_bit_of_the_app_host_is_kept_in_the_bundle()
    {
        string host = Path.Combine(_publish, "Payload.Flight");
        File.WriteAllBytes(host, FakeElf(183));
        File.SetUnixFileMode(host, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        (PackageContents contents, PackageManifest manifest) = RuntimeBundle.Build(_publish, "linux-arm64", "payload-flight", "1.2.3", _key);

        Assert.That(manifest.Find("Payload.Flight")!.Executable, Is.True);
        Assert.That(manifest.Find("Payload.Flight.dll")!.Executable, Is.False);
        Assert.That(PackageVerifier.Verify(Reread(contents, manifest), _key).Manifest.Find("Payload.Flight")!.Executable, Is.True);
    }

    [TestCase(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, null)]
    [TestCase(new byte[] { 0x4D, 0x5A }, null)]
    public void Short_or_foreign_files_have_no_elf_machine(byte[] data, int? machine) =>
        Assert.That(RuntimeBundle.ElfMachine(data), Is.EqualTo(machine));

    [TestCase(62)]
    [TestCase(183)]
    public void Elf_machine_is_read_from_the_header(int machine) =>
        Assert.That(RuntimeBundle.ElfMachine(FakeElf((ushort)machine)), Is.EqualTo((ushort)machine));

    private static byte[] FakeElf(ushort machine)
    {
        byte[] elf = new byte[64];
        elf[0] = 0x7F;
        elf[1] = (byte)'E';
        elf[2] = (byte)'L';
        elf[3] = (byte)'F';
        elf[18] = (byte)machine;
        elf[19] = (byte)(machine >> 8);
        return elf;
    }

    private PackageContents Reread(PackageContents contents, PackageManifest manifest)
    {
        string path = Path.Combine(_publish, "..", Path.GetFileName(_publish) + ".tar.gz");
        try
        {
            contents.WriteArchive(path, manifest);
            return PackageContents.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
