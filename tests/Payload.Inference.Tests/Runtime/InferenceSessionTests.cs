using Payload.Inference.Onnx;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

public class InferenceSessionTests
{
    // The reference outputs were made by onnxruntime-node 1.24.3 with graph optimisation "all".
    private const float ReferenceTolerance = 1e-5f;

    private static readonly long[] PatchShape = [1, 3, TestTensors.PatchSize, TestTensors.PatchSize];
    private static readonly long[] OutputShape = [1, 2, TestTensors.PatchSize, TestTensors.PatchSize];

    [Test]
    public void Reports_inputs_and_outputs_with_symbolic_batch_dimension()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CUnet));

        Assert.That(session.Inputs, Has.Count.EqualTo(1));
        TensorInfo input = session.Inputs[0];
        Assert.That(input.Name, Is.EqualTo("input"));
        Assert.That(input.ElementType, Is.EqualTo(TensorElementType.Float32));
        Assert.That(input.Shape, Is.EqualTo(new long[] { -1, 3, 384, 384 }));
        Assert.That(input.SymbolicDims, Is.EqualTo(new[] { "batch_size", "", "", "" }));
        Assert.That(input.ToString(), Is.EqualTo("input: float32[batch_size,3,384,384]"));
        Assert.That(session.Outputs.Select(o => o.ToString()), Is.EqualTo(new[] { "output: float32[batch_size,2,384,384]" }));
    }

    [Test]
    public void Signature_agrees_with_the_model_file_for_every_shared_model()
    {
        foreach (string path in new[] { SharedModels.CUnet, SharedModels.CFcn, SharedModels.S2Unet })
        {
            OnnxModel model = OnnxModel.Load(Require.SharedData(path));
            using InferenceSession session = InferenceSession.Open(Require.SharedData(path));

            Assert.That(session.Inputs.Select(i => i.Name), Is.EqualTo(model.InputNames), path);
            Assert.That(session.Outputs.Select(o => o.Name), Is.EqualTo(model.OutputNames), path);
            var declared = model.Graph.Input.First(i => i.Name == session.Inputs[0].Name).Type.TensorType;
            Assert.That((int)session.Inputs[0].ElementType, Is.EqualTo(declared.ElemType), path);
            Assert.That(session.Inputs[0].Shape, Is.EqualTo(declared.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue : -1)), path);
            Assert.That(session.Inputs[0].SymbolicDims, Is.EqualTo(declared.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : "")), path);
        }
    }

    [TestCase(SharedModels.CUnet, SharedModels.CUnetReference)]
    [TestCase(SharedModels.CFcn, SharedModels.CFcnReference)]
    public void Reproduces_the_reference_output_on_the_38Cloud_patch(string modelPath, string referencePath)
    {
        float[] expected = TestTensors.ReferenceOutput(referencePath);
        using InferenceSession session = InferenceSession.Open(Require.SharedData(modelPath), new SessionOptions { GraphOptimization = GraphOptimizationLevel.All });
        using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);
        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());

        session.Run([input], [output]);

        float[] actual = output.AsSpan<float>().ToArray();
        float worst = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"{modelPath}: max |ours - reference| = {worst:E2}");
        Assert.That(worst, Is.LessThanOrEqualTo(ReferenceTolerance));
    }

    [Test]
    public void Runs_with_one_and_two_intra_op_threads_to_the_same_result()
    {
        float[] rgb = TestTensors.CloudPatchRgb();
        float[][] results = new float[2][];
        for (int threads = 1; threads <= 2; threads++)
        {
            using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn), new SessionOptions { IntraOpThreads = threads });
            using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
            using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);
            rgb.CopyTo(input.AsSpan<float>());
            session.Run([input], [output]);
            results[threads - 1] = output.AsSpan<float>().ToArray();
        }

        Assert.That(results[1], Is.EqualTo(results[0]).Within(1e-6f));
    }

    [Test]
    public void Loads_the_same_model_from_bytes()
    {
        byte[] bytes = File.ReadAllBytes(Require.SharedData(SharedModels.CFcn));
        using InferenceSession session = InferenceSession.FromBytes(bytes);
        using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);
        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());

        session.Run([input], [output]);

        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(ReferenceTolerance));
    }

    [Test]
    public void Concurrent_runs_on_one_session_each_get_their_own_result()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn), new SessionOptions { IntraOpThreads = 1 });
        float[] rgb = TestTensors.CloudPatchRgb();
        const int Workers = 4;
        const int RunsPerWorker = 3;
        float[][] expected = new float[Workers][];
        float[][] actual = new float[Workers][];
        TensorBuffer[] inputs = new TensorBuffer[Workers];
        TensorBuffer[] outputs = new TensorBuffer[Workers];
        for (int w = 0; w < Workers; w++)
        {
            // Each worker feeds a differently scaled patch, so a mixed-up buffer would show.
            inputs[w] = TensorBuffer.Create<float>(PatchShape);
            outputs[w] = TensorBuffer.Create<float>(OutputShape);
            float scale = 1f - (0.2f * w);
            Span<float> span = inputs[w].AsSpan<float>();
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = rgb[i] * scale;
            }

            session.Run([inputs[w]], [outputs[w]]);
            expected[w] = outputs[w].AsSpan<float>().ToArray();
        }

        Parallel.For(0, Workers, new ParallelOptions { MaxDegreeOfParallelism = Workers }, w =>
        {
            for (int r = 0; r < RunsPerWorker; r++)
            {
                outputs[w].AsSpan<float>().Clear();
                session.Run([inputs[w]], [outputs[w]]);
            }

            actual[w] = outputs[w].AsSpan<float>().ToArray();
        });

        for (int w = 0; w < Workers; w++)
        {
            Assert.That(actual[w], Is.EqualTo(expected[w]), $"worker {w}");
            Assert.That(expected[w], Is.Not.EqualTo(expected[(w + 1) % Workers]));
            inputs[w].Dispose();
            outputs[w].Dispose();
        }
    }

    [Test]
    public void Allocating_run_returns_outputs_with_their_actual_shape()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn));
        NamedTensor input = NamedTensor.Create<float>("input", TestTensors.CloudPatchRgb(), PatchShape);

        IReadOnlyList<NamedTensor> outputs = session.Run([input]);

        Assert.That(outputs.Select(o => o.ToString()), Is.EqualTo(new[] { "output: float32[1,2,384,384]" }));
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(ReferenceTolerance));
    }

    [TestCase(GraphOptimizationLevel.Disabled)]
    [TestCase(GraphOptimizationLevel.Basic)]
    [TestCase(GraphOptimizationLevel.Extended)]
    public void Initializer_from_our_buffer_replaces_the_stored_weights_and_follows_a_bit_flip(GraphOptimizationLevel level)
    {
        string path = Require.SharedData(SharedModels.CFcn);
        OnnxModel model = OnnxModel.Load(path);
        OnnxInitializer weights = model.Initializers.First(i => i.Dims.Count == 4);
        using TensorBuffer weightBuffer = new(weights.ElementType, [.. weights.Dims]);
        model.ReadInitializer<float>(weights.Name).CopyTo(weightBuffer.AsSpan<float>());
        NamedTensor input = NamedTensor.Create<float>("input", TestTensors.CloudPatchRgb(), PatchShape);
        float[] reference = TestTensors.ReferenceOutput(SharedModels.CFcnReference);
        var options = new SessionOptions { GraphOptimization = level, Initializers = new Dictionary<string, TensorBuffer> { [weights.Name] = weightBuffer } };
        using InferenceSession session = InferenceSession.Open(path, options);

        Assert.That(session.Run([input])[0].AsSpan<float>().ToArray(), Is.EqualTo(reference).Within(1e-4f));

        // An upset in the weight memory we own, after the session was made: flip the top exponent
        // bit of the first weight. The running session computes with our buffer, so it shows.
        weightBuffer.AsBytes()[3] ^= 0x40;
        float[] upset = session.Run([input])[0].AsSpan<float>().ToArray();
        Assert.That(upset.Zip(reference, (a, b) => Math.Abs(a - b)).Max(), Is.GreaterThan(1e-3f));

        weightBuffer.AsBytes()[3] ^= 0x40;
        Assert.That(session.Run([input])[0].AsSpan<float>().ToArray(), Is.EqualTo(reference).Within(1e-4f));
    }

    [Test]
    public void ConvTranspose_filters_from_our_buffers_follow_a_bit_flip_because_owned_initializers_turn_pre_packing_off()
    {
        // With pre-packing on, ConvTranspose packs its filter into a copy at session creation and
        // never reads our buffer again: a flip would be invisible.
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        string[] filters = [.. model.Nodes.Where(n => n.OpType == "ConvTranspose").Select(n => n.Input[1])];
        Dictionary<string, TensorBuffer> buffers = filters.ToDictionary(n => n, n => TensorBuffer.Create<float>([.. model.Initializers.First(i => i.Name == n).Dims]));
        foreach ((string name, TensorBuffer buffer) in buffers)
        {
            model.ReadInitializer<float>(name).CopyTo(buffer.AsSpan<float>());
        }

        using TensorBuffer input = TensorBuffer.Create<float>(PatchShape);
        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());
        using TensorBuffer output = TensorBuffer.Create<float>(OutputShape);
        using TensorBuffer stored = TensorBuffer.Create<float>(OutputShape);
        using InferenceSession session = InferenceSession.FromBytes(
            model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Disabled, Initializers = buffers });
        session.Run([input], [output]);
        float[] clean = output.AsSpan<float>().ToArray();
        int changed = 0;
        try
        {
            foreach ((string name, TensorBuffer buffer) in buffers)
            {
                buffer.AsBytes()[3] ^= 0x40;
                session.Run([input], [output]);
                using (InferenceSession reference = Hardening.HardeningTestData.SessionWithStoredValues(model, name, buffer.AsSpan<float>()))
                {
                    reference.Run([input], [stored]);
                }

                buffer.AsBytes()[3] ^= 0x40;
                Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(stored.AsSpan<float>().ToArray()), $"'{name}' flipped, against the flip stored in the file");
                changed += output.AsSpan<float>().SequenceEqual(clean) ? 0 : 1;
            }
        }
        finally
        {
            foreach (TensorBuffer buffer in buffers.Values)
            {
                buffer.Dispose();
            }
        }

        Assert.That(filters, Has.Length.EqualTo(3));
        Assert.That(changed, Is.GreaterThan(0));
    }

    [Test]
    public void Initializers_from_our_buffers_are_refused_at_optimisation_level_All()
    {
        using TensorBuffer buffer = TensorBuffer.Create<float>(1);
        var options = new SessionOptions { GraphOptimization = GraphOptimizationLevel.All, Initializers = new Dictionary<string, TensorBuffer> { ["w"] = buffer } };

        Assert.That(() => InferenceSession.Open(Require.SharedData(SharedModels.CFcn), options),
            Throws.ArgumentException.With.Message.Contains("Extended"));
    }
}
