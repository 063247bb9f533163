using Payload.Inference.Onnx;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Runtime;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Onnx;

/// <summary>Models written by <see cref="OnnxModel"/> are loaded and run by ONNX Runtime.</summary>
public class OnnxModelRuntimeTests
{
    private static readonly long[] PatchShape = [1, 3, TestTensors.PatchSize, TestTensors.PatchSize];

    [TestCase(SharedModels.CUnet)]
    [TestCase(SharedModels.CFcn)]
    public void Written_model_gives_identical_outputs(string path)
    {
        string file = Require.SharedData(path);
        byte[] written = OnnxModel.Load(file).ToBytes();
        NamedTensor input = NamedTensor.Create<float>("input", TestTensors.CloudPatchRgb(), PatchShape);

        using InferenceSession original = InferenceSession.Open(file);
        using InferenceSession rewritten = InferenceSession.FromBytes(written);

        Assert.That(rewritten.Run([input])[0].Data, Is.EqualTo(original.Run([input])[0].Data));
    }

    [Test]
    public void Intermediate_tensor_added_as_output_can_be_run()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CFcn));
        string firstRelu = model.Nodes.First(n => n.OpType == "Relu").Output[0];
        model.AddOutput(firstRelu);
        NamedTensor input = NamedTensor.Create<float>("input", TestTensors.CloudPatchRgb(), PatchShape);

        using InferenceSession session = InferenceSession.FromBytes(model.ToBytes());
        IReadOnlyList<NamedTensor> outputs = session.Run([input]);

        Assert.That(session.Outputs.Select(o => o.Name), Is.EqualTo(new[] { "output", firstRelu }));
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(1e-5f));
        NamedTensor relu = outputs[1];
        Assert.That(relu.ElementType, Is.EqualTo(TensorElementType.Float32));
        Assert.That(relu.Shape, Has.Count.EqualTo(4));
        Assert.That(relu.Shape[0], Is.EqualTo(1));
        float[] activations = relu.AsSpan<float>().ToArray();
        Assert.That(activations.Min(), Is.GreaterThanOrEqualTo(0f));
        Assert.That(activations.Max(), Is.GreaterThan(0f));
    }
}
