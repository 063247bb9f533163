using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

/// <summary>Bad models and bad inputs: each a typed error naming the thing, and a working session keeps working.</summary>
public class InferenceSessionErrorTests
{
    private static readonly long[] PatchShape = [1, 3, 384, 384];
    private static readonly long[] OutputShape = [1, 2, 384, 384];

    [Test]
    public void Missing_model_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "payload-missing", "model.onnx");

        Assert.That(() => InferenceSession.Open(path),
            Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains(path)
                .And.Property(nameof(OnnxRuntimeException.ErrorCode)).EqualTo(OrtErrorCode.NoSuchFile));
    }

    [Test]
    public void Truncated_model_bytes_are_refused_by_ORT()
    {
        byte[] bytes = File.ReadAllBytes(Require.SharedData(SharedModels.CUnet));

        OnnxRuntimeException e = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.FromBytes(bytes.AsSpan(0, bytes.Length / 3)))!;

        Assert.That(e.Call, Is.EqualTo("CreateSessionFromArray"));
        Assert.That(e.ErrorCode, Is.Not.EqualTo(OrtErrorCode.Ok));
        Assert.That(e.OrtMessage, Is.Not.Empty);
        Assert.That(e.Message, Does.Contain("model bytes"));
    }

    [Test]
    public void Random_bytes_are_refused_by_ORT()
    {
        byte[] bytes = new byte[4096];
        new Random(20261121).NextBytes(bytes);

        Assert.That(() => InferenceSession.FromBytes(bytes),
            Throws.TypeOf<OnnxRuntimeException>().With.Property(nameof(OnnxRuntimeException.ErrorCode)).Not.EqualTo(OrtErrorCode.Ok));
    }

    [Test]
    public void Truncated_model_file_is_refused_and_names_the_path()
    {
        byte[] bytes = File.ReadAllBytes(Require.SharedData(SharedModels.CFcn));
        string path = Path.Combine(Path.GetTempPath(), $"payload-truncated-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            Assert.That(() => InferenceSession.Open(path), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Non_tensor_output_is_named_and_tensor_outputs_still_run()
    {
        // The GOES-16 cloud mask ends in a ZipMap: output_probability is a sequence of maps.
        using InferenceSession session = InferenceSession.Open(Require.SharedData("models/extra/erebos-goes16-cloud-mask.onnx"));
        NamedTensor pixels = NamedTensor.Create<float>("X", new float[2 * 16], 2, 16);

        Assert.That(() => session.Run([pixels], ["output_probability"]),
            Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("'output_probability'").And.Message.Contains("not a tensor"));

        // The model declares output_label as [1] but produces one label per row: the actual shape is reported.
        IReadOnlyList<NamedTensor> labels = session.Run([pixels], ["output_label"]);
        Assert.That(labels[0].ToString(), Is.EqualTo("output_label: int64[2]"));
    }

    [Test]
    public void Empty_model_bytes_are_refused()
    {
        Assert.That(() => InferenceSession.FromBytes([]), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("empty"));
    }

    [Test]
    public void Wrong_input_shape_names_tensor_value_and_expectation_and_the_session_keeps_working()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        using TensorBuffer wrong = TensorBuffer.Create<float>(1, 4, 384, 384);
        using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);

        Assert.That(() => session.Run([wrong], [output]),
            Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("'input'")
                .And.Message.Contains("float32[1,4,384,384]")
                .And.Message.Contains("float32[batch_size,3,384,384]"));

        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());
        session.Run([input], [output]);
        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(1e-5f));
    }

    [Test]
    public void Wrong_input_dtype_names_tensor_value_and_expectation()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        using TensorBuffer wrong = TensorBuffer.Create<ushort>(PatchShape);
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);

        Assert.That(() => session.Run([wrong], [output]),
            Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("'input'").And.Message.Contains("uint16[1,3,384,384]").And.Message.Contains("expected float32"));
    }

    [Test]
    public void Wrong_buffer_count_is_refused()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);

        Assert.That(() => session.Run([], [output]), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("0 input buffers"));
    }

    [Test]
    public void Output_buffer_of_the_wrong_size_is_an_ORT_error_and_the_session_keeps_working()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
        using TensorBuffer small = TensorBuffer.Create<float>(1, 2, 192, 192);
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);
        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());

        OnnxRuntimeException e = Assert.Throws<OnnxRuntimeException>(() => session.Run([input], [small]))!;
        Assert.That(e.Call, Is.EqualTo("Run"));
        Assert.That(e.OrtMessage, Is.Not.Empty);

        session.Run([input], [output]);
        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(1e-5f));
    }

    [Test]
    public void Allocating_run_names_unknown_and_missing_inputs()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        NamedTensor stray = NamedTensor.Create<float>("pixels", new float[4], 1, 4);

        Assert.That(() => session.Run([stray]), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("no input 'pixels'"));
        Assert.That(() => session.Run([]), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("input: float32[batch_size,3,384,384] was not given"));
        NamedTensor input = NamedTensor.Create<float>("input", new float[3 * 384 * 384], PatchShape);
        Assert.That(() => session.Run([input], ["logits"]), Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("no output 'logits'"));
    }

    [Test]
    public void Buffer_of_the_wrong_element_type_is_refused_on_access()
    {
        using TensorBuffer buffer = TensorBuffer.Create<float>(2, 2);

        Assert.That(() => buffer.AsSpan<long>().Length, Throws.InvalidOperationException.With.Message.Contains("float32"));
        Assert.That(() => new TensorBuffer(TensorElementType.Float32, [2, -1]), Throws.ArgumentException.With.Message.Contains("[2,-1]"));
    }
}
