using System.IO.Compression;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Commands;

public class ModelCommandTests
{
    [Test]
    public void Model_default_regenerates_the_committed_files_byte_for_byte()
    {
        using TempFolder temp = new();
        string committed = Path.Combine(RepositoryPaths.Root, "inference", "models", "default");

        (int code, string output, string error) = GroundTestCli.Invoke("model", "default", "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain(LandCoverModel.ModelFileName));
        Assert.That(File.ReadAllBytes(temp.File(LandCoverModel.ModelFileName)), Is.EqualTo(File.ReadAllBytes(Path.Combine(committed, LandCoverModel.ModelFileName))));
        Assert.That(File.ReadAllText(temp.File(LandCoverModel.ManifestFileName)), Is.EqualTo(File.ReadAllText(Path.Combine(committed, LandCoverModel.ManifestFileName))));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Model_keygen_writes_a_private_key_only_the_owner_can_read_and_refuses_to_overwrite_it()
    {
        using TempFolder temp = new();

        (int code, string output, string error) = GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);
        (int again, _, string refusal) = GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("key id "));
        Assert.That(File.GetUnixFileMode(temp.File("ground-key.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.ReadAllText(temp.File("ground-key.pub.pem")), Does.StartWith("-----BEGIN PUBLIC KEY-----"));
        Assert.That(again, Is.EqualTo(1));
        Assert.That(refusal, Does.Contain("refusing to overwrite"));
    }

    [Test]
    public void Model_pack_computes_golden_outputs_and_model_verify_accepts_the_package()
    {
        using TempFolder temp = new();
        string package = Pack(temp);

        (int code, string output, string error) = GroundTestCli.Invoke("model", "verify", package, "--key", temp.File("ground-key.pub.pem"));

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.StartWith("accepted payload-landcover 1.0.0"));
    }

    [Test]
    public void Model_verify_rejects_a_package_with_an_altered_model_naming_the_file()
    {
        using TempFolder temp = new();
        string package = Pack(temp);
        using (ZipArchive zip = ZipFile.Open(package, ZipArchiveMode.Update))
        {
            zip.GetEntry("model.onnx")!.Delete();
            using Stream stream = zip.CreateEntry("model.onnx").Open();
            stream.Write([0x08, 0x07]);
        }

        (int code, _, string error) = GroundTestCli.Invoke("model", "verify", package, "--key", temp.File("ground-key.pub.pem"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("rejected (HashMismatch)").And.Contain("'model.onnx'"));
    }

    [Test]
    public void Model_pack_refuses_golden_outputs_beyond_the_tolerance()
    {
        using TempFolder temp = new();
        Pack(temp);
        float[] wrong = new float[4 * 8 * 8];
        NpyFile.Write(temp.File("wrong.npy"), NpyArray.FromFloat32([1, 4, 8, 8], wrong));

        (int code, _, string error) = GroundTestCli.Invoke(
            "model", "pack", "--model", ModelFile, "--manifest", ManifestFile, "--golden-input", "bands=" + temp.File("x.npy"),
            "--golden-output", "probabilities=" + temp.File("wrong.npy"), "--tolerance", "0.001", "--key", temp.File("ground-key.pem"), "--out", temp.File("bad.zip"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("'probabilities'").And.Contain("max error"));
        Assert.That(temp.File("bad.zip"), Does.Not.Exist);
    }

    [TestCase("bands")]
    [TestCase("=x.npy")]
    public void Model_pack_refuses_a_golden_argument_that_is_not_name_equals_file(string argument)
    {
        using TempFolder temp = new();
        GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);

        (int code, _, string error) = GroundTestCli.Invoke(
            "model", "pack", "--model", ModelFile, "--manifest", ManifestFile, "--golden-input", argument, "--key", temp.File("ground-key.pem"), "--out", temp.File("p.zip"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("is not NAME=FILE.npy"));
    }

    private static string ModelFile => Path.Combine(RepositoryPaths.Root, "inference", "models", "default", LandCoverModel.ModelFileName);

    private static string ManifestFile => Path.Combine(RepositoryPaths.Root, "inference", "models", "default", LandCoverModel.ManifestFileName);

    internal static string Pack(TempFolder temp)
    {
        GroundTestCli.Invoke("model", "keygen", "--out", temp.Path);
        Random random = new(11);
        float[] input = new float[4 * 8 * 8];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        NpyFile.Write(temp.File("x.npy"), NpyArray.FromFloat32([1, 4, 8, 8], input));
        string package = temp.File("model.zip");
        (int code, string output, string error) = GroundTestCli.Invoke(
            "model", "pack", "--model", ModelFile, "--manifest", ManifestFile, "--golden-input", "bands=" + temp.File("x.npy"),
            "--tolerance", "1e-5", "--key", temp.File("ground-key.pem"), "--out", package);
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("golden probabilities: max error 0 (tolerance 1E-05), computed"));
        return package;
    }
}
