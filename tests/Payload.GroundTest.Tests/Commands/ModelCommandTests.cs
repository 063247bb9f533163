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
}
