namespace Payload.GroundTest.Tests.Commands;

public class RunCommandTests
{
    [Test]
    public void With_no_arguments_it_runs_the_default_model_over_synthetic_scenes_and_prints_their_products()
    {
        (int code, string output, string error) = GroundTestCli.Invoke("run");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("payload-landcover").And.Contain("synthetic-1").And.Contain("synthetic-2"));
        Assert.That(output, Does.Contain("land").And.Contain("water").And.Contain("vegetation").And.Contain("cloud"));
        Assert.That(output, Does.Contain("18 tiles"));
    }

    [Test]
    public void Scenes_seed_and_size_choose_what_is_imaged()
    {
        (int code, string output, string error) = GroundTestCli.Invoke("run", "--scenes", "3", "--seed", "40", "--size", "96");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("synthetic-40").And.Contain("synthetic-41").And.Contain("synthetic-42"));
        Assert.That(output, Does.Not.Contain("synthetic-43"));
        Assert.That(output, Does.Contain("3 tiles"), "one 96 x 96 scene fits one 256 tile");
    }

    [Test]
    public void A_missing_model_is_an_error_naming_the_file()
    {
        string missing = Path.Combine(Path.GetTempPath(), "payload-missing-model.onnx");

        (int code, _, string error) = GroundTestCli.Invoke("run", "--model", missing, "--size", "32");

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(missing));
    }

    [TestCase("--scenes", "0")]
    [TestCase("--size", "-4")]
    public void Nonsense_counts_are_refused(string option, string value)
    {
        (int code, _, string error) = GroundTestCli.Invoke("run", option, value);

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(value));
    }
}
