using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Hardening;

public class RedundantSessionTests
{
    private static RedundantSession Open(RedundancyMode mode, VoteLevel level = VoteLevel.Elements) =>
        RedundantSession.FromModel(HardeningTestData.Model(), new RedundantSessionOptions { Mode = mode, Level = level, IntraOpThreads = 1 });

    [TestCase(RedundancyMode.None)]
    [TestCase(RedundancyMode.Dmr)]
    [TestCase(RedundancyMode.Tmr)]
    public void Fault_free_runs_equal_the_golden_output_and_count_no_disagreement(RedundancyMode mode)
    {
        using TensorBuffer input = HardeningTestData.Input(1);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(mode);

        for (int i = 0; i < 3; i++)
        {
            Assert.That(session.Run([input], [output]), Is.EqualTo(VoteOutcome.Unanimous));
        }

        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(HardeningTestData.Golden(input)));
        Assert.That(session.ReplicaCount, Is.EqualTo(mode == RedundancyMode.None ? 1 : 3));
        Assert.That(session.Counters.Runs, Is.EqualTo(3));
        Assert.That(session.Counters.DisagreeingRuns, Is.Zero);
        Assert.That(session.Counters.TieBreakRuns, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Tmr_outvotes_a_corrupted_weight_in_one_replica_and_blames_that_replica(int corrupted)
    {
        using TensorBuffer input = HardeningTestData.Input(2);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(RedundancyMode.Tmr);
        float[] golden = HardeningTestData.Golden(input);
        HardeningTestData.FlipExponent(HardeningTestData.ConvWeight(session.Weights(corrupted)), 0);

        VoteOutcome outcome = session.Run([input], [output]);

        Assert.That(outcome, Is.EqualTo(VoteOutcome.Corrected));
        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(golden));
        for (int r = 0; r < 3; r++)
        {
            Assert.That(session.Counters.OutvotedRuns(r), Is.EqualTo(r == corrupted ? 1 : 0), $"replica {r}");
        }

        Assert.That(session.Counters.OutvotedElements(corrupted), Is.GreaterThan(0));
        Assert.That(session.Counters.CorrectedRuns, Is.EqualTo(1));
        Assert.That(session.Counters.UnresolvedElements, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(1)]
    public void Dmr_detects_a_corrupted_replica_and_the_third_run_decides(int corrupted)
    {
        using TensorBuffer input = HardeningTestData.Input(3);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(RedundancyMode.Dmr);
        float[] golden = HardeningTestData.Golden(input);
        session.Run([input], [output]);
        HardeningTestData.FlipExponent(HardeningTestData.ConvWeight(session.Weights(corrupted)), 2);

        VoteOutcome outcome = session.Run([input], [output]);

        Assert.That(outcome, Is.EqualTo(VoteOutcome.Corrected));
        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(golden));
        Assert.That(session.Counters.TieBreakRuns, Is.EqualTo(1));
        Assert.That(session.Counters.OutvotedRuns(corrupted), Is.EqualTo(1));
        Assert.That(session.Counters.OutvotedRuns(1 - corrupted), Is.Zero);
        Assert.That(session.Counters.OutvotedRuns(2), Is.Zero);
    }

    [Test]
    public void A_corrupted_weight_in_an_unprotected_session_reaches_the_output()
    {
        using TensorBuffer input = HardeningTestData.Input(4);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(RedundancyMode.None);
        HardeningTestData.FlipExponent(HardeningTestData.ConvWeight(session.Weights(0)), 0);

        session.Run([input], [output]);

        Assert.That(output.AsSpan<float>().ToArray(), Is.Not.EqualTo(HardeningTestData.Golden(input)));
        Assert.That(session.Counters.DisagreeingRuns, Is.Zero);
    }

    [Test]
    public void Class_map_vote_restores_the_golden_classes_and_blames_the_corrupted_replica()
    {
        using TensorBuffer input = HardeningTestData.Input(5);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(RedundancyMode.Tmr, VoteLevel.ClassMap);
        float[] golden = HardeningTestData.Golden(input);
        HardeningTestData.FlipExponent(HardeningTestData.ConvWeight(session.Weights(1)), 0);

        session.Run([input], [output]);

        Assert.That(ArgMaxMap(output.AsSpan<float>()), Is.EqualTo(ArgMaxMap(golden)));
        Assert.That(session.Counters.OutvotedRuns(1), Is.EqualTo(1));
        Assert.That(session.Counters.OutvotedRuns(0) + session.Counters.OutvotedRuns(2), Is.Zero);
    }

    [Test]
    public void Steady_state_tmr_run_with_a_vote_allocates_nothing()
    {
        using TensorBuffer input = HardeningTestData.Input(6);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = Open(RedundancyMode.Tmr);
        HardeningTestData.FlipExponent(HardeningTestData.ConvWeight(session.Weights(2)), 0);
        session.Run([input], [output]);
        TensorBuffer[] inputs = [input];
        TensorBuffer[] outputs = [output];

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            session.Run(inputs, outputs);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(session.Counters.OutvotedRuns(2), Is.EqualTo(6));
    }

    [Test]
    public void Class_map_vote_refuses_a_class_axis_beyond_the_output_rank()
    {
        Assert.That(
            () => RedundantSession.FromModel(HardeningTestData.Model(), new RedundantSessionOptions { Level = VoteLevel.ClassMap, ClassAxis = 7 }),
            Throws.ArgumentException.With.Message.Contains("Class axis 7"));
    }

    [Test]
    public void Replicas_own_the_initializers_of_the_graph_ORT_optimised_at_All()
    {
        using RedundantSession session = Open(RedundancyMode.Tmr);
        OnnxModel optimised = OptimisedGraph.Produce(HardeningTestData.Model(), GraphOptimizationLevel.All).Model;
        string[] floats = [.. optimised.Initializers.Where(i => i.ElementType == TensorElementType.Float32).Select(i => i.Name)];

        for (int r = 0; r < session.ReplicaCount; r++)
        {
            Assert.That(session.Weights(r).Names, Is.EqualTo(floats), $"replica {r}");
        }

        // The smoothing convolution's filter is re-laid out by ORT (NCHWc), under a name of its own.
        Assert.That(floats, Does.Not.Contain(HardeningTestData.ConvWeightName(HardeningTestData.Model())));
    }

    [TestCase(GraphOptimizationLevel.Disabled)]
    [TestCase(GraphOptimizationLevel.Basic)]
    [TestCase(GraphOptimizationLevel.Extended)]
    public void Replicas_at_a_lower_optimisation_level_still_equal_plain_ORT_classes(GraphOptimizationLevel level)
    {
        using TensorBuffer input = HardeningTestData.Input(9);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = RedundantSession.FromModel(
            HardeningTestData.Model(), new RedundantSessionOptions { Mode = RedundancyMode.Dmr, IntraOpThreads = 1, GraphOptimization = level });

        Assert.That(session.Run([input], [output]), Is.EqualTo(VoteOutcome.Unanimous));
        Assert.That(ArgMaxMap(output.AsSpan<float>()), Is.EqualTo(ArgMaxMap(HardeningTestData.Golden(input))));
    }

    [Test]
    public void An_undefined_optimisation_level_is_refused()
    {
        Assert.That(
            () => RedundantSession.FromModel(HardeningTestData.Model(), new RedundantSessionOptions { GraphOptimization = (GraphOptimizationLevel)42 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("42"));
    }

    private static int[] ArgMaxMap(ReadOnlySpan<float> nchw)
    {
        int plane = HardeningTestData.Side * HardeningTestData.Side;
        int[] map = new int[plane];
        for (int p = 0; p < plane; p++)
        {
            for (int k = 1; k < 4; k++)
            {
                if (nchw[(k * plane) + p] > nchw[(map[p] * plane) + p])
                {
                    map[p] = k;
                }
            }
        }

        return map;
    }
}
