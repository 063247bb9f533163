using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Hardening;

public class OptimisedGraphTests
{
    [Test]
    public void Owned_session_on_the_graph_optimised_at_All_equals_plain_ORT_bit_for_bit()
    {
        OptimisedGraph graph = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);
        using OwnedWeights weights = OwnedWeights.FromModel(graph.Model);
        using InferenceSession session = graph.Open(weights, intraOpThreads: 1);
        using TensorBuffer input = HardeningTestData.Input(30);
        using TensorBuffer output = HardeningTestData.Output();

        session.Run([input], [output]);

        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(HardeningTestData.Golden(input)));
        Assert.That(graph.Model.Nodes.Select(n => n.Domain), Does.Contain("com.microsoft.nchwc"), "ORT's All-level layout rewrite is in the graph");
    }

    [Test]
    public void A_bit_flipped_in_every_owned_initializer_of_the_default_model_changes_the_output_as_in_the_file_and_restoring_restores_it()
    {
        OptimisedGraph graph = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);
        using TensorBuffer input = HardeningTestData.Input(31);

        (int changed, int total) = FlipEachInitializer(graph, input);

        // Every weight of the default model matters on this tile (its scalars and the smoothing filter).
        Assert.That(total, Is.GreaterThan(0));
        Assert.That(changed, Is.EqualTo(total));
    }

    [Test]
    public void Cunet_computes_with_every_owned_initializer_including_the_re_laid_out_and_transposed_convolutions()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        OptimisedGraph graph = OptimisedGraph.Produce(model, GraphOptimizationLevel.All);
        using TensorBuffer input = TensorBuffer.Create<float>(1, 3, 384, 384);
        var random = new Random(32);
        foreach (ref float v in input.AsSpan<float>())
        {
            v = (float)random.NextDouble();
        }

        (int changed, int total) = FlipEachInitializer(graph, input);

        // A flip that changes nothing changed nothing in the file either (a weight on a channel this
        // tile leaves dead after ReLU); ConvTranspose filters are among those that change the output.
        Assert.That(total, Is.EqualTo(graph.Model.Initializers.Count(i => i.ElementType == TensorElementType.Float32)));
        Assert.That(changed, Is.GreaterThanOrEqualTo(total - 2));
    }

    [Test]
    public void A_float_initializer_missing_from_the_owned_set_is_refused_with_its_name()
    {
        OptimisedGraph graph = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);
        OnnxModel lacking = OnnxModel.FromBytes(graph.Model.ToBytes());
        TensorProto dropped = lacking.Graph.Initializer.First(t => t.Dims.Count == 4);
        lacking.Graph.Initializer.Remove(dropped);
        using OwnedWeights weights = OwnedWeights.FromModel(lacking);

        Assert.That(() => graph.Open(weights, intraOpThreads: 1),
            Throws.ArgumentException.With.Message.Contains($"'{dropped.Name}'").And.Message.Contains("no owned buffer"));
    }

    [Test]
    public void An_owned_weight_the_optimised_graph_does_not_have_is_refused_with_its_name()
    {
        OptimisedGraph graph = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);
        using OwnedWeights original = OwnedWeights.FromModel(HardeningTestData.Model());
        HashSet<string> optimised = [.. graph.Model.Initializers.Select(i => i.Name)];
        string name = original.Names.First(n => !optimised.Contains(n));

        Assert.That(() => graph.Open(original, intraOpThreads: 1),
            Throws.ArgumentException.With.Message.Contains($"'{name}'").And.Message.Contains("not a float32 initializer"));
    }

    [Test]
    public void An_owned_weight_of_other_dims_is_refused_with_both_shapes()
    {
        OptimisedGraph graph = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);
        OnnxModel reshaped = OnnxModel.FromBytes(graph.Model.ToBytes());
        TensorProto filter = reshaped.Graph.Initializer.First(t => t.Dims.Count == 4);
        long elements = filter.Dims.Aggregate(1L, (a, d) => a * d);
        filter.Dims.Clear();
        filter.Dims.Add(elements);
        using OwnedWeights weights = OwnedWeights.FromModel(reshaped);

        Assert.That(() => graph.Open(weights, intraOpThreads: 1),
            Throws.ArgumentException.With.Message.Contains($"[{elements}]").And.Message.Contains($"'{filter.Name}'"));
    }

    [Test]
    public void At_Disabled_the_model_is_used_as_it_is()
    {
        OnnxModel model = HardeningTestData.Model();

        OptimisedGraph graph = OptimisedGraph.Produce(model, GraphOptimizationLevel.Disabled);

        Assert.That(graph.Model, Is.SameAs(model));
    }

    [Test]
    public void Producing_the_optimised_graph_leaves_no_temporary_file_behind()
    {
        string pattern = $"payload-optimised-{Environment.ProcessId}-*.onnx";

        OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All);

        Assert.That(Directory.GetFiles(Path.GetTempPath(), pattern), Is.Empty);
    }

    [Test]
    public void A_model_ORT_refuses_is_reported_as_an_ORT_error()
    {
        OnnxModel broken = OnnxModel.FromBytes(HardeningTestData.Model().ToBytes());
        broken.Graph.Node[0].OpType = "NoSuchOp";

        Assert.That(() => OptimisedGraph.Produce(broken, GraphOptimizationLevel.All),
            Throws.TypeOf<OnnxRuntimeException>().With.Message.Contains("NoSuchOp"));
        Assert.That(Directory.GetFiles(Path.GetTempPath(), $"payload-optimised-{Environment.ProcessId}-*.onnx"), Is.Empty);
    }

    /// <summary>
    /// Flips the top exponent bit of element 0 of each owned initializer in turn. The owned session's
    /// output must equal that of a session whose model file carries the same flipped value (so ORT
    /// computes with our bytes, whatever the kernel) and come back bit for bit once the bit is restored.
    /// Returns how many flips changed the output.
    /// </summary>
    private static (int Changed, int Total) FlipEachInitializer(OptimisedGraph graph, TensorBuffer input)
    {
        using OwnedWeights weights = OwnedWeights.FromModel(graph.Model);
        using InferenceSession session = graph.Open(weights, intraOpThreads: 1);
        long[] shape = [.. session.Outputs[0].Shape.Select((d, i) => d >= 0 ? d : input.Shape[i])];
        using TensorBuffer output = TensorBuffer.Create<float>(shape);
        using TensorBuffer fromFile = TensorBuffer.Create<float>(shape);
        session.Run([input], [output]);
        float[] clean = output.AsSpan<float>().ToArray();
        int changed = 0;
        foreach (string name in weights.Names)
        {
            TensorBuffer buffer = weights[name];
            HardeningTestData.FlipExponent(buffer, 0);
            session.Run([input], [output]);
            using (InferenceSession reference = HardeningTestData.SessionWithStoredValues(graph.Model, name, buffer.AsSpan<float>()))
            {
                reference.Run([input], [fromFile]);
            }

            Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(fromFile.AsSpan<float>().ToArray()), $"'{name}' flipped: owned session against the flip written into the file");
            changed += output.AsSpan<float>().SequenceEqual(clean) ? 0 : 1;

            HardeningTestData.FlipExponent(buffer, 0);
            session.Run([input], [output]);
            Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(clean), $"'{name}' restored");
        }

        return (changed, weights.Names.Count);
    }
}
