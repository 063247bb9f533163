using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Hardening;

public class OwnedWeightsTests
{
    [Test]
    public void Every_float_initializer_is_copied_with_its_values()
    {
        OnnxModel model = HardeningTestData.Model();
        using OwnedWeights weights = OwnedWeights.FromModel(model);

        string[] floats = [.. model.Initializers.Where(i => i.ElementType == TensorElementType.Float32).Select(i => i.Name)];
        Assert.That(weights.Names, Is.EqualTo(floats));
        foreach (string name in floats)
        {
            Assert.That(weights[name].AsSpan<float>().ToArray(), Is.EqualTo(model.ReadInitializer<float>(name)), name);
        }

        Assert.That(weights.ByteLength, Is.EqualTo(floats.Sum(n => model.ReadInitializer<float>(n).Length * sizeof(float))));
    }

    [Test]
    public void A_bit_flipped_in_our_copy_on_the_direct_Extended_path_changes_the_output_and_restoring_it_restores_the_output()
    {
        OnnxModel model = HardeningTestData.Model();
        using OwnedWeights weights = OwnedWeights.FromModel(model);
        using InferenceSession session = InferenceSession.FromBytes(
            model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended, Initializers = weights.Buffers });
        using TensorBuffer input = HardeningTestData.Input(20);
        using TensorBuffer output = HardeningTestData.Output();
        float[] golden = HardeningTestData.Golden(input, GraphOptimizationLevel.Extended);
        TensorBuffer conv = weights[HardeningTestData.ConvWeightName(model)];

        HardeningTestData.FlipExponent(conv, 1);
        session.Run([input], [output]);
        Assert.That(output.AsSpan<float>().ToArray(), Is.Not.EqualTo(golden));

        HardeningTestData.FlipExponent(conv, 1);
        session.Run([input], [output]);
        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(golden));
    }

    // None is the flight's "scrub" protection (one replica under the scrubber), Dmr and Tmr its "dmr" and "tmr".
    [TestCase(RedundancyMode.None)]
    [TestCase(RedundancyMode.Dmr)]
    [TestCase(RedundancyMode.Tmr)]
    public void A_bit_flipped_in_each_replica_buffer_of_the_optimised_graph_changes_that_replica_output_and_restoring_restores_it(RedundancyMode mode)
    {
        using RedundantSession session = RedundantSession.FromModel(HardeningTestData.Model(), new RedundantSessionOptions { Mode = mode, IntraOpThreads = 1 });
        using TensorBuffer input = HardeningTestData.Input(21);
        using TensorBuffer output = HardeningTestData.Output();
        float[] golden = HardeningTestData.Golden(input);

        for (int r = 0; r < session.ReplicaCount; r++)
        {
            TensorBuffer conv = HardeningTestData.ConvWeight(session.Weights(r));
            HardeningTestData.FlipExponent(conv, 1);
            session.Session(r).Run([input], [output]);
            Assert.That(output.AsSpan<float>().ToArray(), Is.Not.EqualTo(golden), $"replica {r} flipped");

            HardeningTestData.FlipExponent(conv, 1);
            session.Session(r).Run([input], [output]);
            Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(golden), $"replica {r} restored");
        }
    }

    [Test]
    public void Two_copies_do_not_share_memory()
    {
        OnnxModel model = HardeningTestData.Model();
        using OwnedWeights first = OwnedWeights.FromModel(model);
        using OwnedWeights second = OwnedWeights.FromModel(model);
        string name = HardeningTestData.ConvWeightName(model);

        HardeningTestData.FlipExponent(first[name], 0);

        Assert.That(second[name].AsSpan<float>().ToArray(), Is.EqualTo(model.ReadInitializer<float>(name)));
    }

    [Test]
    public void An_unknown_name_is_refused_with_the_owned_names()
    {
        using OwnedWeights weights = OwnedWeights.FromModel(HardeningTestData.Model());

        Assert.That(() => weights["no-such-weight"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("no-such-weight"));
    }
}
