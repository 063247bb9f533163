using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Inference.Tests.Runtime;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Hardening;

public class RangeGuardTests
{
    private static readonly long[] TileShape = [1, 4, HardeningTestData.Side, HardeningTestData.Side];

    private static NamedTensor Tile(int seed)
    {
        using TensorBuffer input = HardeningTestData.Input(seed);
        return NamedTensor.Create<float>("bands", input.AsSpan<float>(), TileShape);
    }

    private static IEnumerable<IReadOnlyList<NamedTensor>> Calibration() => Enumerable.Range(100, 4).Select(s => (IReadOnlyList<NamedTensor>)[Tile(s)]);

    private static (GuardedModel Guarded, InferenceSession Session) GuardDefaultModel(OnnxModel model)
    {
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        return (guarded, InferenceSession.FromBytes(guarded.Model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended }));
    }

    [Test]
    public void Guards_cover_the_input_the_output_and_the_layers_and_change_nothing_in_range()
    {
        OnnxModel model = HardeningTestData.Model();
        (GuardedModel guarded, InferenceSession session) = GuardDefaultModel(model);
        using InferenceSession _ = session;
        NamedTensor tile = Tile(100);

        IReadOnlyList<NamedTensor> outputs = session.Run([tile]);
        var monitor = new RangeGuardMonitor(guarded);
        int hits = monitor.Observe(outputs[1].AsSpan<float>());

        Assert.That(guarded.Tensors, Does.Contain("bands").And.Contain("probabilities"));
        Assert.That(guarded.Tensors, Has.Some.Matches<string>(t => model.Nodes.Any(n => n.OpType == "Conv" && n.Output[0] == t)));
        Assert.That(guarded.Model.Nodes.Count(n => n.OpType == "Clip"), Is.EqualTo(guarded.Tensors.Count));
        Assert.That(guarded.Model.OutputNames, Is.EqualTo(new[] { "probabilities", RangeGuard.ExtremesOutputName }));
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(HardeningTestData.Golden(HardeningTestData.Input(100))).Within(1e-6f));
        Assert.That(outputs[1].Shape, Is.EqualTo(new long[] { 2L * guarded.Tensors.Count }));
        Assert.That(hits, Is.Zero);
        Assert.That(monitor.RunsWithHits, Is.Zero);
    }

    [Test]
    public void Each_clip_takes_its_bounds_after_its_tensor_extremes_and_the_nodes_stay_in_topological_order()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        Dictionary<string, NodeProto> producers = guarded.Model.Nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);

        foreach (NodeProto clip in guarded.Model.Nodes.Where(n => n.OpType == "Clip"))
        {
            // Clip(raw, Where(false, ReduceMin(raw), min), Where(false, ReduceMax(raw), max)): the bounds as profiled, scheduled after the reductions.
            NodeProto[] reductions = [.. clip.Input.Skip(1).Select(b => producers[b]).Select(gate => producers[gate.Input[1]])];
            Assert.That(reductions.Select(r => r.OpType), Is.EqualTo(new[] { "ReduceMin", "ReduceMax" }), clip.Name);
            Assert.That(reductions.Select(r => r.Input[0]), Is.All.EqualTo(clip.Input[0]), clip.Name);
        }

        HashSet<string> available = [.. guarded.Model.Graph.Input.Select(i => i.Name), .. guarded.Model.Initializers.Select(i => i.Name)];
        foreach (NodeProto node in guarded.Model.Nodes)
        {
            Assert.That(node.Input.Where(i => i.Length > 0), Is.SubsetOf(available), node.Name);
            available.UnionWith(node.Output);
        }
    }

    [Test]
    public void The_guarded_model_on_owned_weights_of_its_optimised_graph_equals_plain_ORT_outputs_and_extremes()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        using InferenceSession plain = InferenceSession.FromBytes(guarded.Model.ToBytes(), new SessionOptions { IntraOpThreads = 1 });
        using RedundantSession owned = RedundantSession.FromModel(guarded.Model, new RedundantSessionOptions { Mode = RedundancyMode.None, IntraOpThreads = 1 });
        NamedTensor tile = Tile(102);

        IReadOnlyList<NamedTensor> expected = plain.Run([tile]);
        IReadOnlyList<NamedTensor> actual = owned.Session(0).Run([tile]);

        Assert.That(actual.Select(o => o.AsSpan<float>().ToArray()), Is.EqualTo(expected.Select(o => o.AsSpan<float>().ToArray())));
    }

    [Test]
    public void A_blown_up_weight_is_clipped_and_reported_as_a_hit()
    {
        OnnxModel model = HardeningTestData.Model();
        (GuardedModel guarded, InferenceSession clean) = GuardDefaultModel(model);
        clean.Dispose();
        using OwnedWeights weights = OwnedWeights.FromModel(guarded.Model);
        using InferenceSession session = InferenceSession.FromBytes(
            guarded.Model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended, Initializers = weights.Buffers });
        string conv = HardeningTestData.ConvWeightName(model);
        HardeningTestData.FlipExponent(weights[conv], 0);
        var monitor = new RangeGuardMonitor(guarded);

        IReadOnlyList<NamedTensor> outputs = session.Run([Tile(101)]);
        int hits = monitor.Observe(outputs[1].AsSpan<float>());

        int convOutput = guarded.Tensors.ToList().FindIndex(t => model.Nodes.Any(n => n.OpType == "Conv" && n.Input.Contains(conv) && n.Output[0] == t));
        Assert.That(hits, Is.GreaterThan(0));
        Assert.That(monitor.Hits(convOutput), Is.EqualTo(1));
        ActivationRange outputBounds = guarded.Bounds[guarded.Tensors.ToList().IndexOf("probabilities")];
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.All.InRange(outputBounds.Min, outputBounds.Max));
    }

    [Test]
    public void An_input_sample_far_out_of_range_hits_the_input_guard()
    {
        OnnxModel model = HardeningTestData.Model();
        (GuardedModel guarded, InferenceSession session) = GuardDefaultModel(model);
        using InferenceSession _ = session;
        using TensorBuffer input = HardeningTestData.Input(102);
        input.AsSpan<float>()[17] = 1e30f;
        var monitor = new RangeGuardMonitor(guarded);

        monitor.Observe(session.Run([NamedTensor.Create<float>("bands", input.AsSpan<float>(), TileShape)])[1].AsSpan<float>());

        Assert.That(monitor.Hits(guarded.Tensors.ToList().IndexOf("bands")), Is.EqualTo(1));
    }

    [Test]
    public void Monitor_counts_nan_extremes_as_hits_and_refuses_a_wrong_length()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        var monitor = new RangeGuardMonitor(guarded);
        float[] extremes = [.. guarded.Bounds.SelectMany(b => new[] { b.Min, b.Max })];
        extremes[0] = float.NaN;

        Assert.That(monitor.Observe(extremes), Is.EqualTo(1));
        Assert.That(() => monitor.Observe(extremes.AsSpan(1)), Throws.ArgumentException.With.Message.Contains("need"));
    }

    [Test]
    public void Profiling_without_calibration_inputs_is_refused()
    {
        Assert.That(() => RangeGuard.Profile(HardeningTestData.Model(), []), Throws.ArgumentException.With.Message.Contains("calibration"));
    }

    [Test]
    public void The_cloud_fcn_guarded_keeps_its_reference_output_and_guards_every_relu()
    {
        string path = Require.SharedData(SharedModels.CFcn);
        OnnxModel model = OnnxModel.Load(path);
        long[] shape = [1, 3, TestTensors.PatchSize, TestTensors.PatchSize];
        NamedTensor patch = NamedTensor.Create<float>("input", TestTensors.CloudPatchRgb(), shape);
        float[] darker = [.. TestTensors.CloudPatchRgb().Select(v => v * 0.5f)];
        IReadOnlyList<NamedTensor>[] calibration = [[patch], [NamedTensor.Create<float>("input", darker, shape)]];

        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, calibration));
        using InferenceSession session = InferenceSession.FromBytes(guarded.Model.ToBytes(), new SessionOptions { GraphOptimization = GraphOptimizationLevel.Extended });
        IReadOnlyList<NamedTensor> outputs = session.Run([patch]);

        Assert.That(guarded.Tensors, Is.SupersetOf(model.Nodes.Where(n => n.OpType == "Relu").Select(n => n.Output[0])));
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(1e-3f));
        Assert.That(new RangeGuardMonitor(guarded).Observe(outputs[1].AsSpan<float>()), Is.Zero);
    }
}
