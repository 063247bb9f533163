using Payload.Inference.DefaultModel;
using Payload.Inference.FaultInjection;
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
    public void Guards_cover_the_input_and_the_layers_leave_a_softmax_output_to_the_softmax_and_change_nothing_in_range()
    {
        OnnxModel model = HardeningTestData.Model();
        (GuardedModel guarded, InferenceSession session) = GuardDefaultModel(model);
        using InferenceSession _ = session;
        NamedTensor tile = Tile(100);

        IReadOnlyList<NamedTensor> outputs = session.Run([tile]);
        var monitor = new RangeGuardMonitor(guarded);
        int hits = monitor.Observe(outputs[1].AsSpan<float>());

        Assert.That(guarded.Tensors, Is.EqualTo(new[] { "bands", "logits" }), "the softmax bounds the output itself");
        Assert.That(guarded.Inputs, Is.EqualTo(new[] { "bands" }));
        Assert.That(guarded.Model.Nodes.Count(n => n.OpType == "Clip"), Is.EqualTo(1), "the input is guarded by the monitor, not by a node");
        Assert.That(guarded.Model.OutputNames, Is.EqualTo(new[] { "probabilities", RangeGuard.ExtremesOutputName }));
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(HardeningTestData.Golden(HardeningTestData.Input(100))).Within(1e-6f));
        Assert.That(outputs[1].Shape, Is.EqualTo(new long[] { 2 }));
        Assert.That(hits, Is.Zero);
        Assert.That(monitor.RunsWithHits, Is.Zero);
    }

    [TestCase(-0.1f, 2)]
    [TestCase(0.05f, -1)]
    public void Harden_refuses_a_negative_margin_or_layer_reach_and_names_it(float margin, int maxLayers)
    {
        OnnxModel model = HardeningTestData.Model();
        IReadOnlyDictionary<string, ActivationRange> ranges = RangeGuard.Profile(model, Calibration());

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => RangeGuard.Harden(model, ranges, new RangeGuardOptions { Margin = margin, MaxLayersBeforeGuard = maxLayers }));

        Assert.That(refused!.ParamName, Does.EndWith(margin < 0 ? nameof(RangeGuardOptions.Margin) : nameof(RangeGuardOptions.MaxLayersBeforeGuard)));
    }

    [Test]
    public void A_stand_alone_clip_takes_its_bounds_after_its_extremes_a_fusable_one_keeps_constant_bounds_and_the_nodes_stay_in_topological_order()
    {
        OnnxModel model = ConvThenPool();
        NamedTensor[] calibration = [NamedTensor.Create<float>("x", [.. Enumerable.Range(0, 64).Select(i => i / 64f)], [1, 1, 8, 8])];
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [calibration]));
        Dictionary<string, NodeProto> producers = guarded.Model.Nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        HashSet<string> initializers = [.. guarded.Model.Initializers.Select(i => i.Name)];
        NodeProto convClip = guarded.Model.Nodes.Single(n => n.OpType == "Clip" && n.Output[0] == "scaled");
        NodeProto poolClip = guarded.Model.Nodes.Single(n => n.OpType == "Clip" && n.Output[0] == "y");

        // Clip(raw, Where(false, ReduceMin(raw), min), Where(false, ReduceMax(…(raw)), max)): the bounds as profiled, scheduled after the reductions.
        NodeProto[] gates = [.. poolClip.Input.Skip(1).Select(b => producers[b])];
        Assert.That(gates.Select(g => g.OpType), Is.All.EqualTo("Where"));
        Assert.That(gates.Select(g => ReducedTensor(producers, g.Input[1])), Is.All.EqualTo("y" + RangeGuard.RawSuffix));

        // The Conv's Clip must stay fusable: constant bounds, the raw Conv output read by the Clip alone, the extremes taken after it.
        Assert.That(convClip.Input.Skip(1), Is.SubsetOf(initializers));
        Assert.That(guarded.Model.Nodes.Where(n => n.Input.Contains(convClip.Input[0])), Is.EqualTo(new[] { convClip }));
        Assert.That(guarded.Model.Nodes.Where(n => n.OpType is "ReduceMin" or "GlobalMaxPool").Select(n => n.Input[0]), Does.Contain("scaled"));

        HashSet<string> available = [.. guarded.Model.Graph.Input.Select(i => i.Name), .. initializers];
        foreach (NodeProto node in guarded.Model.Nodes)
        {
            Assert.That(node.Input.Where(i => i.Length > 0), Is.SubsetOf(available), node.Name);
            available.UnionWith(node.Output);
        }
    }

    // x [1, 1, 8, 8] → Conv 1 × 1 (weight 2, bias 0.5) → scaled → AveragePool 2 × 2 → y: a layer ORT fuses a Clip into, then one it cannot.
    private static OnnxModel ConvThenPool()
    {
        GraphProto graph = new() { Name = "conv_then_pool" };
        graph.Input.Add(OnnxGraphBuilder.FloatTensor("x", 1, 1, 8, 8));
        graph.Output.Add(OnnxGraphBuilder.FloatTensor("y", 1, 1, 4, 4));
        OnnxGraphBuilder g = new(graph);
        g.Node("Conv", ["scaled"], ["x", g.Constant<float>("w", [2f], [1, 1, 1, 1]), g.Constant<float>("b", [0.5f], [1])], []);
        g.Node("AveragePool", ["y"], ["scaled"], [OnnxGraphBuilder.Ints("kernel_shape", 2, 2), OnnxGraphBuilder.Ints("strides", 2, 2)]);
        ModelProto proto = new() { IrVersion = 7, Graph = graph };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return OnnxModel.FromProto(proto);
    }

    // The tensor an extreme (Reshape ← ReduceMin/ReduceMax ← maybe GlobalMaxPool) was reduced from.
    private static string ReducedTensor(Dictionary<string, NodeProto> producers, string extreme)
    {
        string read = producers[producers[extreme].Input[0]].Input[0];
        return producers.TryGetValue(read, out NodeProto? pool) && pool.OpType == "GlobalMaxPool" ? pool.Input[0] : read;
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
    }

    [TestCase(1e30f)]
    [TestCase(-1e30f)]
    [TestCase(float.NaN)]
    public void An_input_sample_out_of_range_or_nan_is_put_on_the_input_guards_bound_and_counted_as_a_hit(float upset)
    {
        OnnxModel model = HardeningTestData.Model();
        (GuardedModel guarded, InferenceSession session) = GuardDefaultModel(model);
        using InferenceSession _ = session;
        using TensorBuffer input = HardeningTestData.Input(102);
        float before = input.AsSpan<float>()[17];
        input.AsSpan<float>()[17] = upset;
        var monitor = new RangeGuardMonitor(guarded);
        ActivationRange bounds = guarded.Bounds[0];

        bool hit = monitor.GuardInput("bands", input.AsSpan<float>());
        int hits = monitor.Observe(session.Run([NamedTensor.Create<float>("bands", input.AsSpan<float>(), TileShape)])[1].AsSpan<float>());

        Assert.That(hit, Is.True);
        Assert.That(input.AsSpan<float>()[17], Is.EqualTo(upset > 0 ? bounds.Max : bounds.Min));
        Assert.That(input.AsSpan<float>()[16], Is.Not.EqualTo(upset), "only the upset sample moves");
        Assert.That(hits, Is.EqualTo(1));
        Assert.That(monitor.Hits(0), Is.EqualTo(1));
        Assert.That(monitor.RunsWithHits, Is.EqualTo(1));
        Assert.That(before, Is.InRange(bounds.Min, bounds.Max));
    }

    [Test]
    public void An_input_in_range_is_left_untouched_and_an_input_the_model_does_not_guard_is_ignored()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        var monitor = new RangeGuardMonitor(guarded);
        using TensorBuffer input = HardeningTestData.Input(101);
        float[] original = input.AsSpan<float>().ToArray();
        float[] other = [1e30f];

        Assert.That(monitor.GuardInput("bands", input.AsSpan<float>()), Is.False);
        Assert.That(monitor.GuardInput("not_an_input", other), Is.False);
        Assert.That(input.AsSpan<float>().ToArray(), Is.EqualTo(original));
        Assert.That(other[0], Is.EqualTo(1e30f));
        Assert.That(monitor.Hits(0), Is.Zero);
    }

    [TestCase(float.NaN, 1)]
    [TestCase(0.5f, 0)]
    [TestCase(0f, 1)]
    [TestCase(1f, 1)]
    public void Monitor_counts_a_guard_as_hit_when_an_extreme_reaches_a_bound_or_is_nan(float position, int expected)
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        var monitor = new RangeGuardMonitor(guarded);
        int first = guarded.Inputs.Count;
        float[] extremes = [.. guarded.Bounds.Skip(first).SelectMany(b => new[] { (b.Min + b.Max) / 2, (b.Min + b.Max) / 2 })];
        ActivationRange bounds = guarded.Bounds[first];
        extremes[position < 0.5f ? 0 : 1] = float.IsNaN(position) ? float.NaN : bounds.Min + (position * (bounds.Max - bounds.Min));

        Assert.That(monitor.Observe(extremes), Is.EqualTo(expected));
        Assert.That(monitor.Hits(first), Is.EqualTo(expected));
    }

    [Test]
    public void Monitor_refuses_extremes_of_the_wrong_length()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        var monitor = new RangeGuardMonitor(guarded);

        Assert.That(() => monitor.Observe(new float[(2 * (guarded.Tensors.Count - guarded.Inputs.Count)) - 1]), Throws.ArgumentException.With.Message.Contains("need"));
        Assert.That(() => monitor.Observe([]), Throws.ArgumentException.With.Message.Contains("need"));
    }

    [Test]
    public void Profiling_without_calibration_inputs_is_refused()
    {
        Assert.That(() => RangeGuard.Profile(HardeningTestData.Model(), []), Throws.ArgumentException.With.Message.Contains("calibration"));
    }

    [Test]
    public void The_cloud_fcn_guarded_keeps_its_reference_output_and_each_relu_becomes_its_guard_under_its_own_names_or_is_covered_one_layer_on()
    {
        string path = Require.SharedData(SharedModels.CFcn);
        OnnxModel model = OnnxModel.Load(path);
        NamedTensor patch = CloudPatch(1f);
        IReadOnlyList<NamedTensor>[] calibration = [[patch], [CloudPatch(0.5f)]];

        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, calibration));
        using InferenceSession session = InferenceSession.FromBytes(guarded.Model.ToBytes(), new SessionOptions { GraphOptimization = GraphOptimizationLevel.Extended });
        IReadOnlyList<NamedTensor> outputs = session.Run([patch]);

        NodeProto[] relus = [.. model.Nodes.Where(n => n.OpType == "Relu")];
        NodeProto[] kept = [.. relus.Where(r => guarded.Model.Nodes.Single(n => n.Name == r.Name).OpType == "Relu")];
        NodeProto[] guards = [.. relus.Except(kept)];
        Assert.That(guards, Is.Not.Empty);
        Assert.That(
            guards.Select(r => guarded.Model.Nodes.Single(n => n.Name == r.Name)).Select(n => (n.OpType, n.Input[0], n.Output[0])),
            Is.EqualTo(guards.Select(r => ("Clip", r.Input[0], r.Output[0]))));
        Assert.That(guarded.Tensors, Is.SupersetOf(guards.Select(r => r.Output[0])));
        Assert.That(guards.Select(r => guarded.Bounds[guarded.Tensors.ToList().IndexOf(r.Output[0])].Min), Is.All.EqualTo(0f), "the Relu's floor stays");
        Assert.That(kept.Select(r => model.Nodes.Single(n => n.Input.Contains(r.Output[0])).OpType), Is.All.EqualTo("MaxPool"), "a Relu stays only where its values go through a MaxPool into a guarded layer");
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(TestTensors.ReferenceOutput(SharedModels.CFcnReference)).Within(1e-3f));
        Assert.That(new RangeGuardMonitor(guarded).Observe(outputs[1].AsSpan<float>()), Is.Zero);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void The_cunet_guarded_gives_the_unguarded_output_bit_for_bit_on_an_in_range_tile(bool reportHits)
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        NamedTensor patch = CloudPatch(1f);
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [[patch], [CloudPatch(0.5f)]]), new RangeGuardOptions { ReportHits = reportHits });
        using InferenceSession plain = InferenceSession.FromBytes(model.ToBytes(), new SessionOptions { IntraOpThreads = 1 });
        using RedundantSession owned = RedundantSession.FromModel(guarded.Model, new RedundantSessionOptions { Mode = RedundancyMode.None, IntraOpThreads = 1 });

        IReadOnlyList<NamedTensor> outputs = owned.Session(0).Run([patch]);

        // In range every guard is the identity: Clip(x, 0, upper) is Relu(x) below upper, and the input
        // and output clips pass values inside their bounds unchanged.
        Assert.That(outputs[0].AsSpan<float>().ToArray(), Is.EqualTo(plain.Run([patch])[0].AsSpan<float>().ToArray()));
        Assert.That(outputs.Count, Is.EqualTo(reportHits ? 2 : 1));
    }

    [Test]
    public void The_cunet_optimised_guarded_graph_keeps_every_fused_convolution_and_its_blocked_layout()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        IReadOnlyDictionary<string, ActivationRange> ranges = RangeGuard.Profile(model, [[CloudPatch(1f)]]);
        OnnxModel bare = OptimisedGraph.Produce(model, GraphOptimizationLevel.All).Model;
        OnnxModel clipsOnly = OptimisedGraph.Produce(RangeGuard.Harden(model, ranges, new RangeGuardOptions { ReportHits = false }).Model, GraphOptimizationLevel.All).Model;
        OnnxModel reporting = OptimisedGraph.Produce(RangeGuard.Harden(model, ranges).Model, GraphOptimizationLevel.All).Model;

        Assert.That(FusedConvs(bare).Count(a => a == "Relu"), Is.EqualTo(model.Nodes.Count(n => n.OpType == "Relu")));
        // Without reporting, ORT folds every guard into its Conv: Relu + Clip become one Clip, fused as the activation.
        Assert.That(FusedConvs(clipsOnly), Is.EqualTo(new[] { "Relu", "Relu", "Clip", "Relu", "Clip", "Clip", "Sigmoid" }), "every Conv keeps its fused activation");
        Assert.That(Count(clipsOnly, "Clip"), Is.Zero, "the input is guarded outside the graph, the sigmoid bounds the output");
        Assert.That(Count(clipsOnly, "ReorderInput") + Count(clipsOnly, "ReorderOutput"), Is.EqualTo(Count(bare, "ReorderInput") + Count(bare, "ReorderOutput")));

        // With it, the 3rd Relu, which a MaxPool reads blocked, is still its Conv's Clip. The decoder's Relus go to a
        // ConvTranspose, which reads them plain: their Conv keeps the Relu, and a Clip after the reorder (gated on the
        // extremes, so not folded back) clips the real channels only, not the blocked padding.
        Dictionary<string, NodeProto> producers = reporting.Nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        Assert.That(FusedConvs(reporting), Is.EqualTo(new[] { "Relu", "Relu", "Clip", "Relu", "Relu", "Relu", "Sigmoid" }));
        Assert.That(reporting.Nodes.Where(n => n.OpType == "Clip").Select(n => producers[n.Input[0]].OpType), Is.EqualTo(new[] { "ReorderOutput", "ReorderOutput" }));
        Assert.That(Count(reporting, "ReorderInput"), Is.EqualTo(Count(bare, "ReorderInput")));
        NodeProto[] extraReorders = [.. reporting.Nodes.Where(n => n.OpType == "ReorderOutput" && producers[n.Input[0]].OpType == "GlobalMaxPool")];
        Assert.That(Count(reporting, "ReorderOutput"), Is.EqualTo(Count(bare, "ReorderOutput") + extraReorders.Length), "only the per-channel maxima leave the blocked layout");
    }

    // Encoder Conv → Relu → MaxPool ×3, Conv → Relu, decoder (ConvTranspose → Conv → Relu) ×2, ConvTranspose → Conv → Sigmoid.
    // An upset goes through at most that many layers before a guard clips it; the guard sits as deep as that allows.
    [TestCase(0, new[] { 0, 1, 2, 3, 4, 5 })]
    [TestCase(1, new[] { 1, 3, 4, 5 })]
    [TestCase(2, new[] { 2, 4, 5 })]
    [TestCase(3, new[] { 3, 5 })]
    public void The_cunet_keeps_the_deepest_relu_guards_within_the_layers_an_upset_may_cross_and_reads_a_pooled_maximum(int maxLayers, int[] guardedRelus)
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [[CloudPatch(1f)]]), new RangeGuardOptions { MaxLayersBeforeGuard = maxLayers });
        string[] relus = [.. model.Nodes.Where(n => n.OpType == "Relu").Select(n => n.Output[0])];
        NodeProto[] pools = [.. guarded.Model.Nodes.Where(n => n.OpType == "MaxPool" && guardedRelus.Select(i => relus[i]).Contains(n.Input[0]))];
        string[] maxima = [.. guarded.Model.Nodes.Where(n => n.OpType == "GlobalMaxPool").Select(n => n.Input[0])];

        Assert.That(guarded.Tensors, Is.EqualTo(new[] { "input" }.Concat(guardedRelus.Select(i => relus[i]))));
        Assert.That(maxima, Is.SupersetOf(pools.Select(p => p.Output[0])), "the maximum of an encoder guard is read from the MaxPool after it, a quarter of the elements");
        Assert.That(maxima.Intersect(pools.Select(p => p.Input[0])), Is.Empty);
    }

    [Test]
    public void A_guard_after_a_convolution_whose_output_leaves_the_blocked_layout_is_a_clip_on_the_plain_tensor()
    {
        OnnxModel model = HardeningTestData.Model();
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, Calibration()));
        OnnxModel optimised = OptimisedGraph.Produce(guarded.Model, GraphOptimizationLevel.All).Model;
        Dictionary<string, NodeProto> producers = optimised.Nodes.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);

        // logits feed only the Softmax: fused, the Clip would also run over the blocked padding channels (12 of 16 on AVX-512).
        NodeProto clip = optimised.Nodes.Single(n => n.OpType == "Clip");
        Assert.That(clip.Output[0], Is.EqualTo("logits"));
        Assert.That(producers[clip.Input[0]].OpType, Is.EqualTo("ReorderOutput"));
        Assert.That(FusedConvs(optimised), Is.EqualTo(new[] { "" }));
        Assert.That(Count(optimised, "GlobalMaxPool"), Is.Zero, "a plain tensor's maximum is one ReduceMax");
    }

    [Test]
    public void A_huge_value_into_a_relu_guard_is_clipped_to_its_bound_and_reported_and_its_tensor_can_still_be_split_at()
    {
        OnnxModel model = OnnxModel.Load(Require.SharedData(SharedModels.CUnet));
        NamedTensor patch = CloudPatch(1f);
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [[patch]]));
        NodeProto relu = model.Nodes.First(n => n.OpType == "Relu" && guarded.Tensors.Contains(n.Output[0]));
        NodeProto conv = model.Nodes.Single(n => n.Output[0] == relu.Input[0]);
        int guard = guarded.Tensors.ToList().IndexOf(relu.Output[0]);
        OnnxModel upset = OnnxModel.FromBytes(guarded.Model.ToBytes());
        float[] bias = upset.ReadInitializer<float>(conv.Input[2]);
        bias[0] = 1e30f;
        TensorProto stored = upset.GetInitializer(conv.Input[2]);
        stored.FloatData.Clear();
        stored.RawData = Google.Protobuf.ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bias.AsSpan()));
        upset.AddOutput(relu.Output[0], TensorElementType.Float32);
        using InferenceSession session = InferenceSession.FromBytes(upset.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.All });
        var monitor = new RangeGuardMonitor(guarded);

        IReadOnlyList<NamedTensor> outputs = session.Run([patch]);
        monitor.Observe(outputs[1].AsSpan<float>());

        Assert.That(guard, Is.GreaterThanOrEqualTo(0));
        Assert.That(outputs[2].AsSpan<float>().ToArray().Max(), Is.EqualTo(guarded.Bounds[guard].Max));
        Assert.That(monitor.Hits(guard), Is.EqualTo(1));
        Assert.That(GraphSplit.At(guarded.Model, relu.Output[0]).HeadOutputs, Does.Contain(relu.Output[0]), "fault injection still finds the activation by name");
    }

    private static NamedTensor CloudPatch(float scale) =>
        NamedTensor.Create<float>("input", [.. TestTensors.CloudPatchRgb().Select(v => v * scale)], [1, 3, TestTensors.PatchSize, TestTensors.PatchSize]);

    private static int Count(OnnxModel model, string opType) => model.Nodes.Count(n => n.OpType == opType);

    // The activation ORT fused into each Conv, in graph order ("" for none).
    private static string[] FusedConvs(OnnxModel model) =>
        [.. model.Nodes.Where(n => n.OpType == "Conv").Select(n => n.Attribute.FirstOrDefault(a => a.Name == "activation")?.S.ToStringUtf8() ?? "")];
}
