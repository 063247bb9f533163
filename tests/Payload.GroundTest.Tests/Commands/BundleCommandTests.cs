namespace Payload.GroundTest.Tests.Commands;

public class BundleCommandTests
{
    [Test]
    public void Bundle_pack_then_verify_accepts_a_publish_folder_and_refuses_another_rid()
    {
        using TempFolder temp = new();
        GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);
        string publish = temp.File("publish");
        Directory.CreateDirectory(publish);
        File.WriteAllBytes(Path.Combine(publish, "Payload.Flight.dll"), [0x4D, 0x5A, 0x90, 0x00]);
        string bundle = temp.File("flight-linux-x64.tar.gz");

        (int packed, string output, string packError) = GroundTestCli.Invoke(
            "bundle", "pack", "--publish-dir", publish, "--rid", "linux-x64", "--version", "1.4.0", "--key", temp.File("ground-key.pem"), "--out", bundle);
        (int verified, string accepted, string verifyError) = GroundTestCli.Invoke("bundle", "verify", bundle, "--rid", "linux-x64", "--key", temp.File("ground-key.pub.pem"));
        (int wrongRid, _, string refusal) = GroundTestCli.Invoke("bundle", "verify", bundle, "--rid", "linux-arm64", "--key", temp.File("ground-key.pub.pem"));

        Assert.That(packed, Is.Zero, packError);
        Assert.That(output, Does.Contain("payload-flight 1.4.0 for linux-x64, 1 files"));
        Assert.That(verified, Is.Zero, verifyError);
        Assert.That(accepted, Does.StartWith("accepted payload-flight 1.4.0 for linux-x64"));
        Assert.That(wrongRid, Is.EqualTo(1));
        Assert.That(refusal, Does.Contain("rejected (WrongKind)"));
    }

    [Test]
    public void Bundle_pack_refuses_an_unknown_rid()
    {
        using TempFolder temp = new();
        GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);
        Directory.CreateDirectory(temp.File("publish"));
        File.WriteAllText(Path.Combine(temp.File("publish"), "a.dll"), "x");

        (int code, _, string error) = GroundTestCli.Invoke(
            "bundle", "pack", "--publish-dir", temp.File("publish"), "--rid", "win-x64", "--key", temp.File("ground-key.pem"), "--out", temp.File("b.tar.gz"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("'win-x64' is not supported"));
    }
}
