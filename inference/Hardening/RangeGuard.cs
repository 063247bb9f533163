using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// Activation range restriction. <see cref="Profile"/> exposes every candidate tensor as a graph
/// output and records its range over calibration inputs; <see cref="Harden"/> writes a model in
/// which the guarded tensors are clipped to their profiled range (plus a margin), so an upset that
/// blows a value up is cut back to a plausible one, with one guard per layer chain placed where
/// ONNX Runtime keeps fusing the layer (a Relu becomes the Clip). With
/// <see cref="RangeGuardOptions.ReportHits"/> the model also outputs each guard's extremes, which
/// <see cref="RangeGuardMonitor"/> turns into hit counts.
/// </summary>
public static class RangeGuard
{
    /// <summary>Name of the extremes output added by <see cref="Harden"/>.</summary>
    public const string ExtremesOutputName = "range_guard_extremes";

    /// <summary>Clip takes min/max as inputs from opset 11 on, as attributes before (ONNX Operators.md, Clip-11).</summary>
    private const long ClipInputsOpset = 11;

    /// <summary>Suffix of a guarded tensor's name for its producer's raw, unclipped output.</summary>
    internal const string RawSuffix = "__unguarded";

    // Ops that start a chain ORT fuses (Conv with BatchNormalization folded in and an activation) or that
    // compute a layer whose output an upset blows up.
    private static readonly HashSet<string> ChainHeads = new(StringComparer.Ordinal) { "Conv", "ConvTranspose", "Gemm", "MatMul", "BatchNormalization" };

    // Ops ORT folds into the Conv before them (Conv+BatchNormalization and Conv+activation fusions).
    private static readonly HashSet<string> ChainContinuations = new(StringComparer.Ordinal)
    {
        "BatchNormalization", "Relu", "LeakyRelu", "Clip", "Sigmoid", "Tanh", "HardSigmoid",
    };

    // Ops whose output is always N×C×spatial.
    private static readonly HashSet<string> ImageLayers = new(StringComparer.Ordinal)
    {
        "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
    };

    // Activations whose output lies in a fixed interval whatever their input ([0, 1] or [-1, 1]).
    private static readonly HashSet<string> BoundedActivations = new(StringComparer.Ordinal) { "Sigmoid", "Tanh", "HardSigmoid", "Softmax" };

    // Ops whose output values are among their input values: over guarded inputs they stay in range.
    private static readonly HashSet<string> RangePreserving = new(StringComparer.Ordinal) { "MaxPool", "GlobalMaxPool", "Concat" };

    // Ops ONNX Runtime's NCHWc transformer (x86) runs in its blocked layout, so a tensor they read stays
    // blocked after the Conv that makes it.
    private static readonly HashSet<string> BlockedLayoutOps = new(StringComparer.Ordinal)
    {
        "Conv", "MaxPool", "AveragePool", "GlobalMaxPool", "GlobalAveragePool", "Add", "Sum", "Mul", "Concat",
        "Relu", "Sigmoid", "Tanh", "BatchNormalization", "Resize", "Upsample",
    };

    // Ops whose outputs are not float whatever their inputs (ONNX Operators.md type constraints).
    private static readonly HashSet<string> NonFloatOps = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "NonZero", "ArgMax", "ArgMin", "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
        "Not", "And", "Or", "Xor", "IsNaN", "IsInf",
    };

    /// <summary>
    /// Runs <paramref name="model"/> on each calibration input set (inputs by name) and returns the
    /// range of every tensor the options guard.
    /// </summary>
    public static IReadOnlyDictionary<string, ActivationRange> Profile(
        OnnxModel model, IEnumerable<IReadOnlyList<NamedTensor>> calibration, RangeGuardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new RangeGuardOptions();
        OnnxModel probe = OnnxModel.FromBytes(model.ToBytes());
        List<string> tensors = SelectTensors(probe, options);
        foreach (string tensor in tensors)
        {
            probe.AddOutput(tensor, TensorElementType.Float32);
        }

        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        using InferenceSession session = InferenceSession.FromBytes(probe.ToBytes(), new SessionOptions { GraphOptimization = GraphOptimizationLevel.Disabled });
        foreach (IReadOnlyList<NamedTensor> inputs in calibration)
        {
            foreach (NamedTensor output in session.Run(inputs, tensors))
            {
                ReadOnlySpan<float> values = output.AsSpan<float>();
                if (values.IsEmpty)
                {
                    continue;
                }

                float min = float.PositiveInfinity;
                float max = float.NegativeInfinity;
                foreach (float v in values)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                ranges[output.Name] = ranges.TryGetValue(output.Name, out ActivationRange seen) ? seen.Include(min, max) : new ActivationRange(min, max);
            }
        }

        if (ranges.Count == 0)
        {
            throw new ArgumentException("No calibration input was given; ranges need at least one run.", nameof(calibration));
        }

        return ranges;
    }

    /// <summary>
    /// A copy of <paramref name="model"/> in which every tensor the options guard that has a profiled
    /// range in <paramref name="ranges"/> is restricted to that range (plus the margin), placed so that
    /// ONNX Runtime keeps fusing each layer:
    /// <list type="bullet">
    /// <item>A <c>Relu</c> becomes <c>Clip(max(0, lower), upper)</c> under the same node and output
    /// name, which ORT fuses into the convolution before it as the activation.</item>
    /// <item>A tensor that only feeds the next op of a fusable chain (Conv → BatchNormalization →
    /// activation) is not guarded itself: the guard at the chain's end covers it.</item>
    /// <item>The output of an activation bounded by construction (Sigmoid, Tanh, HardSigmoid, Softmax)
    /// and of MaxPool / Concat over guarded tensors only is not guarded again.</item>
    /// <item>A guard is moved as deep as <see cref="RangeGuardOptions.MaxLayersBeforeGuard"/> allows:
    /// where a guarded tensor that many layers on (MaxPool and Pad between them not counted) covers
    /// it, it is left out, so an upset crosses at most that many layers before a clip.</item>
    /// <item>On a Conv's output (a Relu after the Conv, or none) the guard is the Clip ORT fuses into
    /// the Conv while the tensor stays in ORT's blocked layout, and a stand-alone Clip on the plain
    /// tensor (after the still fused Relu) when it leaves it (a Softmax, a ConvTranspose, a graph
    /// output): the fused one would also clip the blocked padding channels. (The gated bounds of hit
    /// reporting keep it stand-alone; with <see cref="RangeGuardOptions.ReportHits"/> off, ORT fuses it.)</item>
    /// <item>Any other guarded tensor gets a <c>Clip</c> after it: its producer's output is renamed
    /// <c>&lt;name&gt;__unguarded</c> and the Clip writes <c>&lt;name&gt;</c>.</item>
    /// <item>Graph inputs get no node: <see cref="RangeGuardMonitor.GuardInput"/> restricts them in
    /// the caller's buffer before each run, in one read of the tile where a Clip node would be an ORT
    /// pass of its own (4 % of the default model's run).</item>
    /// </list>
    /// Graph inputs, outputs and node names stay as they were.
    /// </summary>
    public static GuardedModel Harden(OnnxModel model, IReadOnlyDictionary<string, ActivationRange> ranges, RangeGuardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ranges);
        options ??= new RangeGuardOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Margin, $"{nameof(options)}.{nameof(RangeGuardOptions.Margin)}");
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLayersBeforeGuard, $"{nameof(options)}.{nameof(RangeGuardOptions.MaxLayersBeforeGuard)}");
        OnnxModel guarded = OnnxModel.FromBytes(model.ToBytes());
        GraphProto graph = guarded.Graph;
        long opset = guarded.Proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        string[] selected = [.. Place(guarded, SelectTensors(guarded, options).Where(ranges.ContainsKey), options)];
        var bounds = new ActivationRange[selected.Length];
        var readings = new List<GuardReading>();
        var clips = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        Dictionary<string, NodeProto> producers = Producers(graph);
        int inputGuards = 0;
        for (int i = 0; i < selected.Length; i++)
        {
            string tensor = selected[i];
            bounds[i] = ranges[tensor].Widen(options.Margin);
            if (!producers.TryGetValue(tensor, out NodeProto? producer))
            {
                // A graph input: RangeGuardMonitor.GuardInput restricts it in the caller's buffer (inputs come first).
                inputGuards++;
                continue;
            }

            bool relu = producer.OpType == "Relu";
            float? floor = null;
            if (relu && bounds[i].Min <= 0)
            {
                // Relu's own floor stays the floor: a value there is the activation at work, not an upset.
                bounds[i] = bounds[i] with { Min = 0f };
                floor = 0f;
            }

            // On a Conv's output ORT fuses the guard into the Conv (a Relu become Clip, a Clip after a Conv
            // without activation): a pass over the Conv's blocked output, padding channels included (the
            // default model's 4-channel Conv computes 16 on AVX-512). That pays while the tensor stays
            // blocked. When none of its readers runs blocked, ORT reorders it to a plain tensor anyway and
            // a stand-alone Clip there, after the still fused Relu, reads only the real channels.
            bool afterConv = ConvOutput(producers, relu ? producers.GetValueOrDefault(producer.Input[0]) : producer);
            bool fused = afterConv && ReadBlocked(graph, tensor);
            if (relu && (fused || !afterConv))
            {
                BecomeClip(graph, producer, tensor, bounds[i], opset);
                readings.Add(floor is float f ? new GuardReading(PooledOrSelf(graph, tensor), null, f) : new GuardReading(tensor, null, null));
                continue;
            }

            string raw = tensor + RawSuffix;
            var clip = new NodeProto { OpType = "Clip", Name = $"range_guard/{tensor}" };
            clip.Input.Add(raw);
            clip.Output.Add(tensor);
            AddBounds(graph, clip, tensor, bounds[i], opset);
            clips[tensor] = clip;
            readings.Add(fused ? new GuardReading(tensor, null, null) : new GuardReading(raw, clip, floor));
        }

        var newNodes = new List<NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            newNodes.Add(node);
            for (int o = 0; o < node.Output.Count; o++)
            {
                string name = node.Output[o];
                if (clips.TryGetValue(name, out NodeProto? clip))
                {
                    node.Output[o] = name + RawSuffix;
                    newNodes.Add(clip);
                }
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(newNodes);
        string? extremes = null;
        if (options.ReportHits && readings.Count > 0)
        {
            extremes = ExtremesOutputName;
            AddExtremes(graph, [.. readings], extremes);
        }

        ActivationRange[] hitBounds = [.. bounds.Select((b, i) => i >= inputGuards && readings[i - inputGuards].Floor is not null ? b with { Min = float.NegativeInfinity } : b)];
        return new GuardedModel(guarded, selected, inputGuards, bounds, hitBounds, extremes);
    }

    /// <summary>The float tensors the options guard, in graph order: inputs first, then node outputs.</summary>
    internal static List<string> SelectTensors(OnnxModel model, RangeGuardOptions options)
    {
        GraphProto graph = model.Graph;
        var isFloat = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializer)
        {
            isFloat[t.Name] = t.DataType == (int)TensorElementType.Float32;
        }

        foreach (ValueInfoProto input in graph.Input)
        {
            isFloat[input.Name] = input.Type?.TensorType?.ElemType == (int)TensorElementType.Float32;
        }

        HashSet<string> outputs = [.. graph.Output.Select(o => o.Name)];
        var selected = new List<string>();
        if (options.GuardInputs)
        {
            selected.AddRange(graph.Input.Where(i => isFloat[i.Name] && !graph.Initializer.Any(t => t.Name == i.Name)).Select(i => i.Name));
        }

        foreach (NodeProto node in graph.Node)
        {
            bool floatOut = OutputIsFloat(node, isFloat);
            for (int o = 0; o < node.Output.Count; o++)
            {
                // Only the first output is the data (MaxPool indices, TopK indices…) except for Split.
                bool data = floatOut && (o == 0 || node.OpType == "Split");
                isFloat[node.Output[o]] = data;
                string name = node.Output[o];
                if (data && name.Length > 0 && node.OpType != "Constant"
                    && (options.GuardedOpTypes.Contains(node.OpType) || (options.GuardOutputs && outputs.Contains(name))))
                {
                    selected.Add(name);
                }
            }
        }

        return selected;
    }

    private static bool OutputIsFloat(NodeProto node, Dictionary<string, bool> isFloat)
    {
        if (NonFloatOps.Contains(node.OpType))
        {
            return false;
        }

        if (node.OpType == "Cast")
        {
            return node.Attribute.FirstOrDefault(a => a.Name == "to")?.I == (long)TensorElementType.Float32;
        }

        if (node.OpType == "Constant")
        {
            return node.Attribute.FirstOrDefault(a => a.Name == "value")?.T?.DataType == (int)TensorElementType.Float32;
        }

        return node.Input.Count > 0 && isFloat.GetValueOrDefault(node.Input[0]);
    }

    /// <summary>
    /// Of the <paramref name="candidates"/> (in graph order), the tensors that get a guard: the chain
    /// ends, skipping tensors that only feed the next fusable op of a chain (its end covers them),
    /// outputs of activations bounded by construction, and MaxPool / Concat over covered tensors only;
    /// then each guard moved as deep as <see cref="RangeGuardOptions.MaxLayersBeforeGuard"/> allows.
    /// </summary>
    internal static List<string> Place(OnnxModel model, IEnumerable<string> candidates, RangeGuardOptions options)
    {
        GraphProto graph = model.Graph;
        List<string> ordered = [.. candidates];
        HashSet<string> wanted = [.. ordered];
        Dictionary<string, NodeProto> producers = Producers(graph);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string input in node.Input.Where(i => i.Length > 0).Distinct())
            {
                (consumers.TryGetValue(input, out List<NodeProto>? users) ? users : consumers[input] = []).Add(node);
            }
        }

        HashSet<string> outputs = [.. graph.Output.Select(o => o.Name)];
        HashSet<string> initializers = [.. graph.Initializer.Select(i => i.Name)];
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var placed = new List<string>();
        foreach (string tensor in ordered)
        {
            if (!producers.TryGetValue(tensor, out NodeProto? producer))
            {
                covered.Add(tensor);
                placed.Add(tensor);
                continue;
            }

            if (options.GuardOutputs && outputs.Contains(tensor) && !BoundedActivations.Contains(producer.OpType))
            {
                covered.Add(tensor);
                placed.Add(tensor);
                continue;
            }

            if (FeedsGuardedLayer(tensor, producer, consumers, wanted))
            {
                continue;
            }

            if (BoundedActivations.Contains(producer.OpType)
                || (RangePreserving.Contains(producer.OpType) && producer.Input.Where(i => i.Length > 0 && !initializers.Contains(i)).All(covered.Contains)))
            {
                covered.Add(tensor);
                continue;
            }

            covered.Add(tensor);
            placed.Add(tensor);
        }

        // An upset may go through up to MaxLayersBeforeGuard layers (through MaxPool / Pad between them)
        // before a guard restricts it. In graph order, a tensor no guard covers yet has its guard moved to
        // the farthest placed tensor within that reach, which covers every placed tensor on the way:
        // deeper tensors are smaller, and each guard left out saves a pass over its tensor (on the C-UNet
        // the guard on the 3rd Relu covers the first two, 7 million elements between them).
        HashSet<string> placedSet = [.. placed];
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var coveredOnTheWay = new HashSet<string>(StringComparer.Ordinal);
        foreach (string tensor in placed)
        {
            if (!producers.ContainsKey(tensor) || outputs.Contains(tensor))
            {
                kept.Add(tensor);
                continue;
            }

            if (coveredOnTheWay.Contains(tensor))
            {
                continue;
            }

            string guard = tensor;
            string at = tensor;
            for (int layer = 0; layer < options.MaxLayersBeforeGuard && NextLayer(at, consumers) is NodeProto next; layer++)
            {
                (at, string? guardedInLayer) = ChainEnd(next, consumers, placedSet);
                if (guardedInLayer is not null)
                {
                    coveredOnTheWay.Add(guard);
                    guard = guardedInLayer;
                }
            }

            kept.Add(guard);
            coveredOnTheWay.Add(guard);
        }

        return [.. placed.Where(kept.Contains)];
    }

    // The linear layer a tensor's values go into when its only way on is through MaxPool and Pad
    // (ops that pass values on without computing new ones), or null.
    private static NodeProto? NextLayer(string tensor, Dictionary<string, List<NodeProto>> consumers)
    {
        while (consumers.GetValueOrDefault(tensor) is [NodeProto user] && user.Input[0] == tensor)
        {
            if (IsLinearLayer(user))
            {
                return user;
            }

            if (user.OpType is not ("MaxPool" or "Pad"))
            {
                return null;
            }

            tensor = user.Output[0];
        }

        return null;
    }

    // The last tensor of the chain a layer starts (Conv → BatchNormalization → activation), and the
    // last tensor in that chain that has a guard, if any.
    private static (string End, string? Guarded) ChainEnd(NodeProto layer, Dictionary<string, List<NodeProto>> consumers, HashSet<string> guarded)
    {
        NodeProto node = layer;
        string? last = null;
        while (true)
        {
            string output = node.Output[0];
            if (guarded.Contains(output))
            {
                last = output;
            }

            if (consumers.GetValueOrDefault(output) is not [NodeProto next] || !ChainContinuations.Contains(next.OpType))
            {
                return (output, last);
            }

            node = next;
        }
    }

    // Whether the tensor's only consumer carries it on into a layer that is guarded further on, so
    // the guard there covers it: the next op of a fusable chain (Conv → BatchNormalization →
    // activation), or, for a tensor out of a layer or a MaxPool / Concat, the next linear layer
    // (through Pad), whose own chain end holds the values the tensor feeds it. Guarding it instead
    // would cost a pass of its own: ORT cannot fold a Clip into ConvTranspose or Concat.
    private static bool FeedsGuardedLayer(string tensor, NodeProto producer, Dictionary<string, List<NodeProto>> consumers, HashSet<string> wanted)
    {
        List<NodeProto> users = consumers.GetValueOrDefault(tensor) ?? [];
        if (users.Count != 1 || users[0].Input[0] != tensor)
        {
            return false;
        }

        NodeProto user = users[0];
        if (ChainHeads.Contains(producer.OpType) && ChainContinuations.Contains(user.OpType))
        {
            return wanted.Contains(user.Output[0]);
        }

        if (!ChainHeads.Contains(producer.OpType) && !RangePreserving.Contains(producer.OpType))
        {
            return false;
        }

        while (user.OpType == "Pad" && consumers.GetValueOrDefault(user.Output[0]) is [NodeProto next] && next.Input[0] == user.Output[0])
        {
            user = next;
        }

        return IsLinearLayer(user) && ChainEnd(user, consumers, wanted).Guarded is not null;
    }

    // A layer that computes new values from many inputs, where an upset's guard can sit at its chain end.
    private static bool IsLinearLayer(NodeProto node) => node.OpType is "Conv" or "ConvTranspose" or "Gemm" or "MatMul";

    private static Dictionary<string, NodeProto> Producers(GraphProto graph)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                producers[output] = node;
            }
        }

        return producers;
    }

    // Whether the node is a Conv, or a BatchNormalization ORT folds into the Conv before it: the layers
    // ORT fuses a following Clip (or Relu) into.
    private static bool ConvOutput(Dictionary<string, NodeProto> producers, NodeProto? node) =>
        node is not null && (node.OpType == "Conv"
            || (node.OpType == "BatchNormalization" && producers.TryGetValue(node.Input[0], out NodeProto? conv) && conv.OpType == "Conv"));

    // Whether ORT keeps the tensor in its blocked layout: some reader of it runs blocked.
    private static bool ReadBlocked(GraphProto graph, string tensor) =>
        graph.Node.Any(n => n.Input.Contains(tensor) && BlockedLayoutOps.Contains(n.OpType));

    // Where a tensor's maximum can be read: the output of the MaxPool that is its only reader, when
    // there is one, else the tensor itself. The pooled maximum is the tensor's maximum over every
    // element the network goes on to use, in a quarter of the elements (2 × 2 pooling) or fewer.
    private static string PooledOrSelf(GraphProto graph, string tensor)
    {
        NodeProto[] readers = [.. graph.Node.Where(n => n.Input.Contains(tensor))];
        return readers is [{ OpType: "MaxPool" } pool] && pool.Input[0] == tensor ? pool.Output[0] : tensor;
    }

    // The Relu keeps its name and output; only its op and bounds change, so anything that addresses
    // the activation tensor (fault injection's graph split, the profile) still finds it.
    private static void BecomeClip(GraphProto graph, NodeProto relu, string tensor, ActivationRange bounds, long opset)
    {
        relu.OpType = "Clip";
        relu.Attribute.Clear();
        AddBounds(graph, relu, tensor, bounds, opset);
    }

    private static void AddBounds(GraphProto graph, NodeProto clip, string tensor, ActivationRange bounds, long opset)
    {
        if (opset >= ClipInputsOpset)
        {
            string low = $"range_guard/{tensor}/min";
            string high = $"range_guard/{tensor}/max";
            graph.Initializer.Add(OnnxTensorData.FromArray<float>(low, [bounds.Min], []));
            graph.Initializer.Add(OnnxTensorData.FromArray<float>(high, [bounds.Max], []));
            clip.Input.Add(low);
            clip.Input.Add(high);
        }
        else
        {
            clip.Attribute.Add(new AttributeProto { Name = "min", Type = AttributeProto.Types.AttributeType.Float, F = bounds.Min });
            clip.Attribute.Add(new AttributeProto { Name = "max", Type = AttributeProto.Types.AttributeType.Float, F = bounds.Max });
        }
    }

    // Per guard: a minimum and a maximum, each reshaped to [1], all concatenated into one
    // float32[2 × guards] output. Two forms, both counting exactly the elements the clip holds at a
    // bound (or NaN):
    // - A guard ORT fuses into its layer (a Relu become Clip, a Clip after a Conv) is read after the
    //   clip: a clipped value sits exactly on its bound, which in-range data never reaches. The raw
    //   tensor must keep the Clip as its only consumer or ORT stops fusing. On a 4-D tensor ORT keeps
    //   blocked (NCHWc) the maximum is GlobalMaxPool then ReduceMax over its few channels: GlobalMaxPool
    //   runs blocked, where a ReduceMax would make ORT reorder the whole tensor back first. A plain
    //   tensor gets the ReduceMax alone, a third cheaper than ORT's plain GlobalMaxPool.
    //   A one-sided guard (a Relu's floor) reads no minimum: its slot holds the floor, never a hit.
    // - A stand-alone Clip (after a ConvTranspose, a Concat…) is read before the clip, and takes its
    //   bounds through Where(false, extreme, bound): always the bound, but it makes ORT run the
    //   reductions right before the Clip while the tensor is in cache; left alone, ORT schedules them
    //   after the whole main chain and reads every tensor back cold.
    private static void AddExtremes(GraphProto graph, GuardReading[] readings, string outputName)
    {
        const string shapeName = "range_guard/shape1";
        const string neverName = "range_guard/never";
        graph.Initializer.Add(OnnxTensorData.FromArray<long>(shapeName, [1], [1]));
        Dictionary<string, NodeProto> producers = Producers(graph);
        var concat = new NodeProto { OpType = "Concat", Name = "range_guard/extremes" };
        concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        var after = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        var before = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        bool gates = false;
        foreach (GuardReading reading in readings)
        {
            string tensor = reading.Tensor;
            string prefix = $"range_guard/{tensor}";
            bool gated = reading.GatedClip is { Input.Count: 3 };
            List<NodeProto> added = gated ? before[reading.GatedClip!] = [] : after[tensor] = [];
            if (reading.Floor is float floor)
            {
                string floorName = $"{prefix}/floor";
                graph.Initializer.Add(OnnxTensorData.FromArray<float>(floorName, [floor], [1]));
                concat.Input.Add(floorName);
            }
            else
            {
                concat.Input.Add(Reduce(added, "ReduceMin", tensor, $"{prefix}/ReduceMin", shapeName));
            }

            string maxSource = tensor;
            if (ReadBlocked(graph, tensor) && IsImage(graph, producers, tensor))
            {
                maxSource = $"{prefix}/GlobalMaxPool";
                added.Add(Node("GlobalMaxPool", maxSource, tensor));
            }

            concat.Input.Add(Reduce(added, "ReduceMax", maxSource, $"{prefix}/ReduceMax", shapeName));
            if (gated)
            {
                gates = true;
                for (int side = 0; side < 2; side++)
                {
                    string extreme = concat.Input[^(2 - side)];
                    NodeProto gate = Node("Where", $"{extreme}/gate", neverName, extreme, reading.GatedClip!.Input[1 + side]);
                    added.Add(gate);
                    reading.GatedClip.Input[1 + side] = gate.Output[0];
                }
            }
        }

        if (gates)
        {
            graph.Initializer.Add(OnnxTensorData.FromArray<bool>(neverName, [false], []));
        }

        // Each guard's reductions go right before its gated Clip or right after the node that makes
        // the tensor they read, keeping the list in topological order.
        var ordered = new List<NodeProto>();
        foreach (NodeProto node in graph.Node)
        {
            if (before.TryGetValue(node, out List<NodeProto>? ahead))
            {
                ordered.AddRange(ahead);
            }

            ordered.Add(node);
            foreach (string output in node.Output)
            {
                if (after.TryGetValue(output, out List<NodeProto>? behind))
                {
                    ordered.AddRange(behind);
                }
            }
        }

        concat.Output.Add(outputName);
        ordered.Add(concat);
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float32, Shape = new TensorShapeProto() } };
        type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 2L * readings.Length });
        graph.Output.Add(new ValueInfoProto { Name = outputName, Type = type });
    }

    /// <summary>What a guard's hit reporting reads: the tensor, the Clip gated on it (stand-alone guards), the Relu floor (one-sided guards).</summary>
    private sealed record GuardReading(string Tensor, NodeProto? GatedClip, float? Floor);

    // Whether the tensor is N×C×spatial, as GlobalMaxPool needs: known from a graph input's shape or
    // from the layer behind any element-wise activations.
    private static bool IsImage(GraphProto graph, Dictionary<string, NodeProto> producers, string tensor)
    {
        while (producers.TryGetValue(tensor, out NodeProto? node))
        {
            if (ImageLayers.Contains(node.OpType))
            {
                return true;
            }

            if (!ChainContinuations.Contains(node.OpType) || node.Input.Count == 0)
            {
                return false;
            }

            tensor = node.Input[0];
        }

        return graph.Input.FirstOrDefault(i => i.Name == tensor)?.Type?.TensorType?.Shape?.Dim.Count >= 3;
    }

    private static string Reduce(List<NodeProto> nodes, string op, string input, string name, string shapeName)
    {
        NodeProto reduce = Node(op, name, input);
        reduce.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        nodes.Add(reduce);
        NodeProto reshape = Node("Reshape", name + "/1", name, shapeName);
        nodes.Add(reshape);
        return reshape.Output[0];
    }

    private static NodeProto Node(string op, string output, params string[] inputs)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }
}
