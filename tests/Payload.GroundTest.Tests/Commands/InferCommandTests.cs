using System.Text.Json;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Tests.Shared;

namespace Payload.GroundTest.Tests.Commands;

public class InferCommandTests
{
    private static string DefaultModel => Path.Combine(RepositoryPaths.Root, "inference", "models", "default", LandCoverModel.ModelFileName);

    private static string DefaultManifest => Path.Combine(RepositoryPaths.Root, "inference", "models", "default", LandCoverModel.ManifestFileName);

    [Test]
    public void Pipeline_form_writes_class_map_confidence_and_products_for_a_scene()
    {
        using TempFolder temp = new();
        SyntheticScene scene = new SyntheticSceneGenerator(150, 90).Generate(12);
        NpyFile.Write(temp.File("scene.npy"), scene.Scene.ToNpy());

        (int code, string output, string error) = GroundTestCli.Invoke(
            "infer", "--model", DefaultModel, "--manifest", DefaultManifest, "--tile", temp.File("scene.npy"), "--out", temp.File("out"), "--tile-size", "64");

        Assert.That(code, Is.Zero, error);
        NpyArray classMap = NpyFile.Read(temp.File("out/classmap.npy"));
        NpyArray confidence = NpyFile.Read(temp.File("out/confidence.npy"));
        Assert.That((classMap.DataType, classMap.Shape), Is.EqualTo((NpyDataType.UInt8, (IReadOnlyList<int>)[90, 150])).Using<(NpyDataType, IReadOnlyList<int>)>((a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2)));
        Assert.That(confidence.DataType, Is.EqualTo(NpyDataType.Float32));
        int agree = classMap.Data.Zip(scene.Labels.ToArray()).Count(p => p.First == p.Second);
        Assert.That(agree / (double)classMap.Data.Length, Is.GreaterThan(0.9));

        using JsonDocument products = JsonDocument.Parse(File.ReadAllText(temp.File("out/products.json")));
        JsonElement root = products.RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("payload-landcover"));
        Assert.That(root.GetProperty("tileCount").GetInt32(), Is.EqualTo(3 * 2));
        Assert.That(root.GetProperty("tiles").GetArrayLength(), Is.EqualTo(6));
        double sum = root.GetProperty("classFractions").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.That(sum, Is.EqualTo(1).Within(1e-5));
        Assert.That(output, Does.Contain("6 tiles of 64"));
    }

    [Test]
    public void Pipeline_form_runs_the_cunet_on_the_38Cloud_patch_with_named_bands()
    {
        string model = Require.SharedData("models/cloud38-cunet-l8-rgb384.onnx");
        string tile = Require.SharedData("tiles/38cloud-sample/derived/patch_192_10_by_12.rgbn_chw.uint16.npy");
        NpyArray reference = NpyFile.Read(Require.SharedData("reference-outputs/cloud38-cunet-l8-rgb384__38cloud_patch_192_10_by_12.output.npy"));
        string manifest = Path.Combine(RepositoryPaths.Root, "inference", "models", "cloud38-cunet-l8-rgb384.json");
        using TempFolder temp = new();

        (int code, _, string error) = GroundTestCli.Invoke(
            "infer", "--model", model, "--manifest", manifest, "--tile", tile, "--bands", "red,green,blue,nir", "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        byte[] classes = NpyFile.Read(temp.File("classmap.npy")).Data;
        ReadOnlySpan<float> expected = reference.AsSpan<float>();
        int plane = 384 * 384;
        int differing = 0;
        for (int i = 0; i < plane; i++)
        {
            differing += classes[i] == (expected[plane + i] > expected[i] ? 1 : 0) ? 0 : 1;
        }

        Assert.That(differing, Is.Zero);
    }

    [Test]
    public void Bare_form_writes_every_output_named_after_it()
    {
        using TempFolder temp = new();
        float[] bands = new float[1 * 4 * 5 * 6];
        Array.Fill(bands, 0.7f);
        NpyFile.Write(temp.File("x.npy"), NpyArray.FromFloat32([1, 4, 5, 6], bands));

        (int code, string output, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--input", "bands=" + temp.File("x.npy"), "--out", temp.File("out"));

        Assert.That(code, Is.Zero, error);
        NpyArray probabilities = NpyFile.Read(temp.File("out/probabilities.npy"));
        Assert.That(probabilities.Shape, Is.EqualTo(new[] { 1, 4, 5, 6 }));
        Assert.That(probabilities.AsSpan<float>()[(3 * 30) + 7], Is.GreaterThan(0.9f), "bright flat pixels are cloud");
        Assert.That(output, Does.Contain("probabilities: float32[1,4,5,6]"));
    }

    [Test]
    public void Bare_form_passes_integer_inputs_and_writes_integer_outputs()
    {
        string model = Require.SharedData("onnx-node-tests/test_argmax_default_axis_example/model.onnx");
        using TempFolder temp = new();
        NpyFile.Write(temp.File("data.npy"), NpyArray.FromFloat32([2, 2], [2, 1, 3, 10]));

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", model, "--input", "data=" + temp.File("data.npy"), "--out", temp.Path);

        Assert.That(code, Is.Zero, error);
        NpyArray result = NpyFile.Read(Directory.GetFiles(temp.Path, "result*.npy").Single());
        Assert.That(result.DataType, Is.EqualTo(NpyDataType.Int64));
        Assert.That(result.AsSpan<long>().ToArray(), Is.EqualTo(new long[] { 1, 1 }));
    }

    [Test]
    public void A_float_tile_is_refused_naming_the_dtype()
    {
        using TempFolder temp = new();
        NpyFile.Write(temp.File("tile.npy"), NpyArray.FromFloat32([4, 2, 2], new float[16]));

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--manifest", DefaultManifest, "--tile", temp.File("tile.npy"), "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("tile.npy").And.Contain("Float32"));
    }

    [TestCase(new[] { 8, 8 }, "(8, 8)")]
    [TestCase(new[] { 3, 8, 8 }, "3 bands")]
    [TestCase(new[] { 2, 4, 8, 8 }, "(2, 4, 8, 8)")]
    [TestCase(new[] { 4, 0, 8 }, "empty")]
    public void A_tile_of_the_wrong_shape_is_refused_naming_the_shape(int[] shape, string text)
    {
        using TempFolder temp = new();
        NpyFile.Write(temp.File("tile.npy"), NpyArray.FromUInt16(shape, new ushort[shape.Aggregate(1, (a, b) => a * b)]));

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--manifest", DefaultManifest, "--tile", temp.File("tile.npy"), "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain(text));
    }

    [Test]
    public void A_manifest_naming_a_tensor_the_model_lacks_is_refused_naming_it()
    {
        using TempFolder temp = new();
        File.WriteAllText(temp.File("m.json"), File.ReadAllText(DefaultManifest).Replace("\"probabilities\"", "\"logits_out\"", StringComparison.Ordinal));
        NpyFile.Write(temp.File("tile.npy"), new SyntheticSceneGenerator(16, 16).Generate(1).Scene.ToNpy());

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--manifest", temp.File("m.json"), "--tile", temp.File("tile.npy"), "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("$.outputName: 'logits_out' is not an output of the model"));
    }

    [Test]
    public void Missing_files_are_named()
    {
        using TempFolder temp = new();
        string missingTile = temp.File("nope.npy");
        string missingModel = temp.File("nope.onnx");

        (int tileCode, _, string tileError) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--manifest", DefaultManifest, "--tile", missingTile, "--out", temp.Path);
        (int modelCode, _, string modelError) = GroundTestCli.Invoke("infer", "--model", missingModel, "--input", "bands=" + missingTile, "--out", temp.Path);

        Assert.That((tileCode, modelCode), Is.EqualTo((1, 1)));
        Assert.That(tileError, Does.Contain(missingTile));
        Assert.That(modelError, Does.Contain(missingModel));
    }

    [Test]
    public void A_bare_input_the_model_does_not_have_is_refused_naming_it()
    {
        using TempFolder temp = new();
        NpyFile.Write(temp.File("x.npy"), NpyArray.FromFloat32([1, 4, 2, 2], new float[16]));

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--input", "image=" + temp.File("x.npy"), "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("'image'"));
    }

    [Test]
    public void A_bare_input_of_the_wrong_dtype_is_refused()
    {
        using TempFolder temp = new();
        NpyFile.Write(temp.File("x.npy"), NpyArray.FromUInt16([1, 4, 2, 2], new ushort[16]));

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--input", "bands=" + temp.File("x.npy"), "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("bands"));
    }

    [TestCase("bands")]
    [TestCase("=x.npy")]
    public void A_malformed_input_pair_is_a_usage_error(string pair)
    {
        using TempFolder temp = new();

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--input", pair, "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("NAME=file.npy"));
    }

    [Test]
    public void Tile_and_input_together_are_a_usage_error()
    {
        using TempFolder temp = new();

        (int code, _, string error) = GroundTestCli.Invoke("infer", "--model", DefaultModel, "--tile", "a.npy", "--input", "bands=b.npy", "--out", temp.Path);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("either --tile"));
    }
}
