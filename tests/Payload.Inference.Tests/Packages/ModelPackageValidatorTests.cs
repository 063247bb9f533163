using Payload.Inference.Manifests;
using Payload.Inference.Packages;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Packages;

public class ModelPackageValidatorTests
{
    private GroundKey _key = null!;

    [OneTimeSetUp]
    public void CreateKey() => _key = GroundKey.Generate();

    [OneTimeTearDown]
    public void DisposeKey() => _key.Dispose();

    [Test]
    public void Default_model_package_loads_matches_its_manifest_and_passes_its_golden_vectors()
    {
        VerifiedPackage package = PackageVerifier.Verify(PackageFixtures.DefaultPackage(_key), _key);

        IReadOnlyList<GoldenComparison> golden = Validate(package);

        Assert.That(golden, Has.Count.EqualTo(1));
        Assert.That(golden[0].Tensor, Is.EqualTo(PackageFixtures.OutputName));
        Assert.That(golden[0].MaxError, Is.EqualTo(0));
    }

    [Test]
    public void Golden_output_within_tolerance_passes()
    {
        PackageContents contents = PackageFixtures.DefaultPackage(_key, outputs: PackageFixtures.PerturbedOutput(_key, 5e-6f), tolerance: 1e-5);

        IReadOnlyList<GoldenComparison> golden = Validate(PackageVerifier.Verify(contents, _key));

        Assert.That(golden[0].MaxError, Is.GreaterThan(0).And.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void Golden_output_beyond_tolerance_is_refused_naming_the_tensor_and_max_error()
    {
        PackageContents contents = PackageFixtures.DefaultPackage(_key, outputs: PackageFixtures.PerturbedOutput(_key, 0.5f), tolerance: 1e-4);

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => Validate(PackageVerifier.Verify(contents, _key)))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.GoldenMismatch));
        Assert.That(e.Message, Does.Contain("'probabilities'").And.Contain("max error 0.5").And.Contain("tolerance 0.0001"));
    }

    [Test]
    public void Manifest_naming_an_input_the_model_lacks_is_a_tensor_mismatch()
    {
        string manifest = PackageFixtures.DefaultManifestJson().Replace("\"inputName\": \"bands\"", "\"inputName\": \"pixels\"", StringComparison.Ordinal);
        PackageContents contents = PackageFixtures.DefaultPackage(_key, manifestJson: manifest);

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => Validate(PackageVerifier.Verify(contents, _key)))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.TensorMismatch));
        Assert.That(e.Message, Does.Contain("'pixels'").And.Contain("bands: float32[N,4,H,W]"));
    }

    [Test]
    public void Manifest_with_more_bands_than_the_model_takes_is_a_tensor_mismatch()
    {
        string manifest = PackageFixtures.DefaultManifestJson()
            .Replace("\"nir\"", "\"nir\", \"swir\"", StringComparison.Ordinal)
            .Replace("\"scale\": [", "\"scale\": [1, ", StringComparison.Ordinal)
            .Replace("\"offset\": [", "\"offset\": [0, ", StringComparison.Ordinal);
        PackageContents contents = PackageFixtures.DefaultPackage(_key, manifestJson: manifest);

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => Validate(PackageVerifier.Verify(contents, _key)))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.TensorMismatch));
        Assert.That(e.Message, Does.Contain("4 channels").And.Contain("5 bands"));
    }

    [Test]
    public void Golden_input_of_the_wrong_shape_is_a_tensor_mismatch()
    {
        PackageContents contents = PackageFixtures.DefaultPackage(
            _key, outputs: PackageFixtures.PerturbedOutput(_key, 0), input: PackageFixtures.GoldenInput(bands: 3));

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => Validate(PackageVerifier.Verify(contents, _key)))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.TensorMismatch));
        Assert.That(e.Message, Does.Contain("golden/input-bands.npy").And.Contain("float32[1,3,16,16]"));
    }

    [Test]
    public void Model_onnx_runtime_cannot_load_is_refused()
    {
        PackageContents contents = PackageFixtures.DefaultPackage(_key, outputs: PackageFixtures.PerturbedOutput(_key, 0), model: [0x08, 0x07, 0xFF, 0xFF, 0x01]);

        PackageRejectedException e = Assert.Throws<PackageRejectedException>(() => Validate(PackageVerifier.Verify(contents, _key)))!;

        Assert.That(e.Reason, Is.EqualTo(PackageRejection.ModelUnloadable));
        Assert.That(e.Message, Does.Contain("model.onnx"));
    }

    [TestCase(new[] { 1.0, 2.0 }, new[] { 1.0, 2.5 }, 0.5)]
    [TestCase(new[] { 1.0, double.NaN }, new[] { 1.0, double.NaN }, 0.0)]
    [TestCase(new[] { 1.0, double.NaN }, new[] { 1.0, 2.0 }, double.PositiveInfinity)]
    [TestCase(new[] { double.PositiveInfinity }, new[] { double.PositiveInfinity }, 0.0)]
    [TestCase(new[] { double.PositiveInfinity }, new[] { 1.0 }, double.PositiveInfinity)]
    public void Max_absolute_error_treats_nan_as_infinitely_wrong(double[] expected, double[] actual, double error) =>
        Assert.That(ModelPackageValidator.MaxAbsoluteError(expected, actual), Is.EqualTo(error));

    private static IReadOnlyList<GoldenComparison> Validate(VerifiedPackage package)
    {
        (InferenceSession session, ModelManifest manifest) = ModelPackageValidator.Load(package);
        using (session)
        {
            ModelPackageValidator.CheckTensors(session, manifest, package);
            return ModelPackageValidator.RunGolden(session, package);
        }
    }
}
