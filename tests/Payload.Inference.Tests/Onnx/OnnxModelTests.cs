using Google.Protobuf;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Onnx;

public class OnnxModelTests
{
    [Test]
    public void Reads_CFcn_initializers_and_nodes()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));

        Assert.That(model.InputNames, Is.EqualTo(new[] { "input" }));
        Assert.That(model.OutputNames, Is.EqualTo(new[] { "output" }));
        Assert.That(model.Nodes.Count(n => n.OpType == "Conv"), Is.EqualTo(4));
        Assert.That(model.Nodes.Count(n => n.OpType == "Relu"), Is.EqualTo(3));
        Assert.That(model.Nodes.Count(n => n.OpType == "MaxPool"), Is.EqualTo(3));
        Assert.That(model.Nodes.Count(n => n.OpType == "Resize"), Is.EqualTo(1));
        // PROVENANCE.md counts 280 float values: 276 Conv weights and biases plus Resize's 4 scales.
        HashSet<string> convInputs = [.. model.Nodes.Where(n => n.OpType == "Conv").SelectMany(n => n.Input)];
        Assert.That(model.Initializers.Where(i => convInputs.Contains(i.Name)).Sum(i => i.ElementCount), Is.EqualTo(276));
        Assert.That(model.Initializers.Where(i => i.ElementType == TensorElementType.Float32).Sum(i => i.ElementCount), Is.EqualTo(280));
    }

    [Test]
    public void Reads_an_initializer_as_an_array_with_its_dims()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        OnnxInitializer first = model.Initializers.First(i => i.Dims.Count == 4);

        float[] weights = model.ReadInitializer<float>(first.Name);

        Assert.That(weights, Has.Length.EqualTo(first.ElementCount));
        Assert.That(weights, Has.Some.Not.EqualTo(0f));
        Assert.That(weights.All(float.IsFinite), Is.True);
    }

    [Test]
    public void Real_models_parse_into_the_subset_without_unknown_fields_where_the_subset_is_complete()
    {
        foreach (string path in new[] { SharedModels.CUnet, SharedModels.CFcn, SharedModels.S2Unet })
        {
            OnnxModel model = OnnxModel.Load(Require.SharedData(path));
            byte[] original = File.ReadAllBytes(Require.SharedData(path));

            // Every field these exporters write is in our subset; a wrong field number would land in
            // unknown fields and change the re-serialised bytes (unknown fields go last).
            Assert.That(model.ToBytes(), Is.EqualTo(original), path);
        }
    }

    [TestCaseSource(typeof(SharedModels), nameof(SharedModels.NodeTestCases))]
    public void Node_test_models_round_trip_through_our_proto(string caseName)
    {
        string path = Require.SharedData(Path.Combine(SharedModels.NodeTests, caseName, "model.onnx"));
        byte[] original = File.ReadAllBytes(path);

        OnnxModel model = OnnxModel.FromBytes(original);
        OnnxModel again = OnnxModel.FromBytes(model.ToBytes());

        Assert.That(again.Proto, Is.EqualTo(model.Proto));
        Assert.That(model.Nodes, Is.Not.Empty);
    }

    [Test]
    public void Unknown_fields_survive_a_round_trip()
    {
        ModelProto proto = new() { IrVersion = 7, Graph = new GraphProto { Name = "g" } };
        byte[] bytes = proto.ToByteArray();
        // Append field 25 (ModelProto.functions, not in our subset): tag (25 << 3 | 2) = 202 as a
        // varint, length 2, then a FunctionProto whose field 1 is an empty string.
        byte[] withUnknown = [.. bytes, 0xCA, 0x01, 0x02, 0x0A, 0x00];

        OnnxModel model = OnnxModel.FromBytes(withUnknown);

        Assert.That(model.Proto.ToByteArray(), Is.EqualTo(withUnknown));
    }

    [Test]
    public void AddOutput_exposes_an_intermediate_tensor_once()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));
        string intermediate = model.Nodes.First(n => n.OpType == "Relu").Output[0];

        model.AddOutput(intermediate);
        model.AddOutput(intermediate);

        Assert.That(model.OutputNames, Is.EqualTo(new[] { "output", intermediate }));
        Assert.That(OnnxModel.FromBytes(model.ToBytes()).OutputNames, Is.EqualTo(model.OutputNames));
    }

    [Test]
    public void AddOutput_of_an_unknown_tensor_names_it()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));

        Assert.That(() => model.AddOutput("no_such_tensor"),
            Throws.TypeOf<OnnxModelException>().With.Message.Contains("'no_such_tensor'"));
    }

    [Test]
    public void RenameOutput_renames_the_producing_node_output()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));

        model.RenameOutput("output", "cloud_probability");

        Assert.That(model.OutputNames, Is.EqualTo(new[] { "cloud_probability" }));
        Assert.That(model.Nodes.Any(n => n.Output.Contains("cloud_probability")), Is.True);
        Assert.That(model.Nodes.Any(n => n.Output.Contains("output") || n.Input.Contains("output")), Is.False);
    }

    [Test]
    public void RenameOutput_to_a_taken_name_is_refused()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));

        Assert.That(() => model.RenameOutput("output", "input"),
            Throws.TypeOf<OnnxModelException>().With.Message.Contains("'input'"));
        Assert.That(() => model.RenameOutput("nope", "x"),
            Throws.TypeOf<OnnxModelException>().With.Message.Contains("'nope'"));
    }

    [Test]
    public void Missing_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "payload-no-such-model.onnx");

        Assert.That(() => OnnxModel.Load(path), Throws.TypeOf<OnnxModelException>().With.Message.Contains(path));
    }

    [TestCase(new byte[0], "empty")]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF }, "not a valid ONNX model")]
    [TestCase(new byte[] { 0x0A, 0x05, 0x61 }, "not a valid ONNX model")]
    public void Bad_bytes_are_a_typed_error(byte[] bytes, string expected)
    {
        Assert.That(() => OnnxModel.FromBytes(bytes), Throws.TypeOf<OnnxModelException>().With.Message.Contains(expected));
    }

    [Test]
    public void Truncated_model_is_a_typed_error()
    {
        byte[] bytes = File.ReadAllBytes(Require.SharedData(SharedModels.CFcn));

        Assert.That(() => OnnxModel.FromBytes(bytes.AsSpan(0, bytes.Length / 2)), Throws.TypeOf<OnnxModelException>());
    }
}
