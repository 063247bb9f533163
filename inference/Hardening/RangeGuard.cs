using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// Activation range restriction. <see cref="Profile"/> exposes every guarded tensor as a graph
/// output and records its range over calibration inputs; <see cref="Harden"/> writes a model in
/// which each guarded tensor passes through a <c>Clip</c> to its profiled range (plus a margin), so
/// an upset that blows a value up is cut back to a plausible one. With
/// <see cref="RangeGuardOptions.ReportHits"/> the model also outputs each guarded tensor's pre-clip
/// extremes, which <see cref="RangeGuardMonitor"/> turns into hit counts.
/// </summary>
public static class RangeGuard
{
    /// <summary>Name of the extremes output added by <see cref="Harden"/>.</summary>
    public const string ExtremesOutputName = "range_guard_extremes";

    /// <summary>Clip takes min/max as inputs from opset 11 on, as attributes before (ONNX Operators.md, Clip-11).</summary>
    private const long ClipInputsOpset = 11;

    private const string RawSuffix = "__unguarded";

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
    /// A copy of <paramref name="model"/> with a Clip after every tensor the options guard that has a
    /// profiled range in <paramref name="ranges"/>; graph inputs, outputs and node names stay as they were.
    /// </summary>
    public static GuardedModel Harden(OnnxModel model, IReadOnlyDictionary<string, ActivationRange> ranges, RangeGuardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ranges);
        options ??= new RangeGuardOptions();
        OnnxModel guarded = OnnxModel.FromBytes(model.ToBytes());
        GraphProto graph = guarded.Graph;
        long opset = guarded.Proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        HashSet<string> inputs = [.. graph.Input.Select(i => i.Name)];
        string[] selected = [.. SelectTensors(guarded, options).Where(ranges.ContainsKey)];
        var bounds = new ActivationRange[selected.Length];
        var rawNames = new string[selected.Length];
        var clips = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        var newNodes = new List<NodeProto>();
        for (int i = 0; i < selected.Length; i++)
        {
            string tensor = selected[i];
            bounds[i] = ranges[tensor].Widen(options.Margin);
            bool isInput = inputs.Contains(tensor);
            string raw = isInput ? tensor : tensor + RawSuffix;
            string clipped = isInput ? tensor + "__guarded" : tensor;
            rawNames[i] = raw;
            clips[tensor] = Clip(graph, tensor, raw, clipped, bounds[i], opset);
            if (isInput)
            {
                foreach (NodeProto node in graph.Node)
                {
                    ReplaceInput(node, tensor, clipped);
                }

                newNodes.Add(clips[tensor]);
            }
        }

        foreach (NodeProto node in graph.Node)
        {
            newNodes.Add(node);
            for (int o = 0; o < node.Output.Count; o++)
            {
                string name = node.Output[o];
                if (clips.TryGetValue(name, out NodeProto? clip) && !inputs.Contains(name))
                {
                    node.Output[o] = name + RawSuffix;
                    newNodes.Add(clip);
                }
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(newNodes);
        string? extremes = null;
        if (options.ReportHits && selected.Length > 0)
        {
            extremes = ExtremesOutputName;
            AddExtremes(graph, rawNames, [.. selected.Select(t => clips[t])], extremes);
        }

        return new GuardedModel(guarded, selected, bounds, extremes);
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

    private static NodeProto Clip(GraphProto graph, string tensor, string raw, string clipped, ActivationRange bounds, long opset)
    {
        var node = new NodeProto { OpType = "Clip", Name = $"range_guard/{tensor}" };
        node.Input.Add(raw);
        node.Output.Add(clipped);
        if (opset >= ClipInputsOpset)
        {
            string low = $"range_guard/{tensor}/min";
            string high = $"range_guard/{tensor}/max";
            graph.Initializer.Add(OnnxTensorData.FromArray<float>(low, [bounds.Min], []));
            graph.Initializer.Add(OnnxTensorData.FromArray<float>(high, [bounds.Max], []));
            node.Input.Add(low);
            node.Input.Add(high);
        }
        else
        {
            node.Attribute.Add(new AttributeProto { Name = "min", Type = AttributeProto.Types.AttributeType.Float, F = bounds.Min });
            node.Attribute.Add(new AttributeProto { Name = "max", Type = AttributeProto.Types.AttributeType.Float, F = bounds.Max });
        }

        return node;
    }

    // Per raw tensor: ReduceMin and ReduceMax over all axes (no axes given), each reshaped to [1],
    // all concatenated into one float32[2 × guards] output.
    //
    // Left alone, ORT schedules every reduction after the whole main chain (they only feed the
    // extremes output), which keeps each raw tensor alive to the end and reads it back cold. So each
    // Clip takes its bounds through Where(false, extreme, bound): always the bound, but the Clip now
    // waits for its tensor's reductions, which run while the tensor is still in cache.
    private static void AddExtremes(GraphProto graph, string[] rawNames, NodeProto[] clips, string outputName)
    {
        const string shapeName = "range_guard/shape1";
        const string neverName = "range_guard/never";
        graph.Initializer.Add(OnnxTensorData.FromArray<long>(shapeName, [1], [1]));
        graph.Initializer.Add(OnnxTensorData.FromArray<bool>(neverName, [false], []));
        var concat = new NodeProto { OpType = "Concat", Name = "range_guard/extremes" };
        concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        var before = new Dictionary<NodeProto, List<NodeProto>>(ReferenceEqualityComparer.Instance);
        for (int g = 0; g < rawNames.Length; g++)
        {
            string raw = rawNames[g];
            var added = new List<NodeProto>();
            before[clips[g]] = added;
            string[] ops = ["ReduceMin", "ReduceMax"];
            for (int side = 0; side < ops.Length; side++)
            {
                string reduced = $"range_guard/{raw}/{ops[side]}";
                var reduce = new NodeProto { OpType = ops[side], Name = reduced };
                reduce.Input.Add(raw);
                reduce.Output.Add(reduced);
                reduce.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
                var reshape = new NodeProto { OpType = "Reshape", Name = reduced + "/1" };
                reshape.Input.Add(reduced);
                reshape.Input.Add(shapeName);
                reshape.Output.Add(reduced + "/1");
                added.Add(reduce);
                added.Add(reshape);
                concat.Input.Add(reduced + "/1");
                if (clips[g].Input.Count == 3)
                {
                    string bound = clips[g].Input[1 + side];
                    var gate = new NodeProto { OpType = "Where", Name = $"{reduced}/gate" };
                    gate.Input.Add(neverName);
                    gate.Input.Add(reduced);
                    gate.Input.Add(bound);
                    gate.Output.Add(reduced + "/gate");
                    added.Add(gate);
                    clips[g].Input[1 + side] = reduced + "/gate";
                }
            }
        }

        // Each guard's reductions (and gates) go just before its Clip, keeping the list in topological order.
        var ordered = new List<NodeProto>(graph.Node.Count + (6 * rawNames.Length) + 1);
        foreach (NodeProto node in graph.Node)
        {
            if (before.TryGetValue(node, out List<NodeProto>? added))
            {
                ordered.AddRange(added);
            }

            ordered.Add(node);
        }

        concat.Output.Add(outputName);
        ordered.Add(concat);
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float32, Shape = new TensorShapeProto() } };
        type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 2L * rawNames.Length });
        graph.Output.Add(new ValueInfoProto { Name = outputName, Type = type });
    }

    private static void ReplaceInput(NodeProto node, string from, string to)
    {
        for (int i = 0; i < node.Input.Count; i++)
        {
            if (node.Input[i] == from)
            {
                node.Input[i] = to;
            }
        }
    }
}
