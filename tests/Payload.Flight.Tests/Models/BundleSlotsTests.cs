using Payload.Flight.Models;
using Payload.Inference.Packages;
using Payload.Inference.Tests.Packages;

namespace Payload.Flight.Tests.Models;

public class BundleSlotsTests
{
    private GroundKey _key = null!;
    private string _work = null!;

    [SetUp]
    public void CreateFakePublish()
    {
        _key = GroundKey.Generate();
        _work = Directory.CreateTempSubdirectory("payload-bundle-").FullName;
        string publish = Path.Combine(_work, "publish");
        Directory.CreateDirectory(publish);
        File.WriteAllBytes(Path.Combine(publish, "Payload.Flight.dll"), [0x4D, 0x5A, 0x90, 0x00]);
        File.WriteAllText(Path.Combine(publish, "Payload.Flight.runtimeconfig.json"), "{}");
    }

    [TearDown]
    public void Delete()
    {
        _key.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Good_bundle_is_installed_and_activated()
    {
        string bundle = Pack("1.0.0");
        BundleSlots slots = BundleSlots.Open(Path.Combine(_work, "slots"), _key, "linux-x64", ProbationPolicy.Default);

        SlotCommandResult result = slots.Install(bundle);

        Assert.That(result.Succeeded, Is.True, result.Message);
        Assert.That(Path.Combine(slots.ActiveDirectory!, "Payload.Flight.dll"), Does.Exist);
    }

    [Test]
    public void Bundle_with_a_file_altered_in_transit_is_rejected_naming_the_file()
    {
        (PackageContents contents, PackageManifest manifest) = RuntimeBundle.Build(Path.Combine(_work, "publish"), "linux-x64", "payload-flight", "1.0.0", _key);
        string bundle = Path.Combine(_work, "altered.tar.gz");
        PackageFixtures.With(contents, "Payload.Flight.dll", [0x4D, 0x5A, 0x90, 0x01]).WriteArchive(bundle, manifest);
        BundleSlots slots = BundleSlots.Open(Path.Combine(_work, "slots"), _key, "linux-x64", ProbationPolicy.Default);

        SlotCommandResult result = slots.Install(bundle);

        Assert.That(result.Rejection, Is.EqualTo(PackageRejection.HashMismatch));
        Assert.That(result.Message, Does.Contain("'Payload.Flight.dll'"));
        Assert.That(slots.Store.Active, Is.Null);
    }

    [Test]
    public void Bundle_for_another_rid_is_rejected()
    {
        BundleSlots slots = BundleSlots.Open(Path.Combine(_work, "slots"), _key, "linux-arm64", ProbationPolicy.Default);

        SlotCommandResult result = slots.Install(Pack("1.0.0"));

        Assert.That(result.Rejection, Is.EqualTo(PackageRejection.WrongKind));
    }

    private string Pack(string version)
    {
        (PackageContents contents, PackageManifest manifest) = RuntimeBundle.Build(Path.Combine(_work, "publish"), "linux-x64", "payload-flight", version, _key);
        string path = Path.Combine(_work, $"bundle-{version}.tar.gz");
        contents.WriteArchive(path, manifest);
        return path;
    }
}
