using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// A model cut at one intermediate tensor: <see cref="Head"/> computes everything that does not
/// depend on the tensor and outputs what the tail needs; <see cref="Tail"/> takes the tensor (and
/// those head results) as inputs and computes the rest. Running head then tail equals the whole
/// model, and changing the tensor between them is an upset in that activation.
/// </summary>
public sealed class GraphSplit
{
    private GraphSplit(string tensor, OnnxModel head, OnnxModel tail, IReadOnlyList<string> tailInputs, IReadOnlyList<string> headOutputs)
    {
        Tensor = tensor;
        Head = head;
        Tail = tail;
        TailInputs = tailInputs;
        HeadOutputs = headOutputs;
    }

    /// <summary>The tensor the graph is cut at.</summary>
    public string Tensor { get; }

    /// <summary>The nodes that do not depend on <see cref="Tensor"/>; outputs <see cref="HeadOutputs"/>.</summary>
    public OnnxModel Head { get; }

    /// <summary>The nodes that depend on <see cref="Tensor"/>; inputs <see cref="TailInputs"/>.</summary>
    public OnnxModel Tail { get; }

    /// <summary>The tail's inputs: <see cref="Tensor"/> first, then head results and model inputs it reads.</summary>
    public IReadOnlyList<string> TailInputs { get; }

    /// <summary>The head's outputs: every tail input it produces, plus model outputs that do not depend on <see cref="Tensor"/>.</summary>
    public IReadOnlyList<string> HeadOutputs { get; }

    /// <summary>
    /// Cuts <paramref name="model"/> at the node output <paramref name="tensor"/>. Models rarely
    /// record intermediate shapes, so <paramref name="shapes"/> gives those of the tail's inputs
    /// (from a probe run); without it they are declared with unknown rank.
    /// </summary>
    /// <exception cref="OnnxModelException">No node produces <paramref name="tensor"/>, or it is a model output.</exception>
    public static GraphSplit At(OnnxModel model, string tensor, IReadOnlyDictionary<string, long[]>? shapes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensor);
        GraphProto graph = model.Graph;
        if (!graph.Node.Any(n => n.Output.Contains(tensor)))
        {
            throw new OnnxModelException($"Cannot split graph '{graph.Name}' at '{tensor}': no node produces it.");
        }

        if (graph.Output.Any(o => o.Name == tensor))
        {
            throw new OnnxModelException($"Cannot split graph '{graph.Name}' at '{tensor}': it is a model output (inject into the output instead).");
        }

        // Nodes are topologically sorted (ONNX IR): one forward pass finds everything downstream.
        HashSet<string> tainted = [tensor];
        List<NodeProto> headNodes = [];
        List<NodeProto> tailNodes = [];
        foreach (NodeProto node in graph.Node)
        {
            if (node.Input.Any(tainted.Contains))
            {
                tailNodes.Add(node);
                foreach (string output in node.Output)
                {
                    tainted.Add(output);
                }
            }
            else
            {
                headNodes.Add(node);
            }
        }

        HashSet<string> initializers = [.. graph.Initializer.Select(t => t.Name)];
        HashSet<string> producedByTail = [.. tailNodes.SelectMany(n => n.Output)];
        List<string> tailInputs = [tensor];
        foreach (string input in tailNodes.SelectMany(n => n.Input))
        {
            if (input.Length > 0 && !producedByTail.Contains(input) && !initializers.Contains(input) && !tailInputs.Contains(input))
            {
                tailInputs.Add(input);
            }
        }

        HashSet<string> modelInputs = [.. model.InputNames];
        List<string> headOutputs = [.. tailInputs.Where(name => !modelInputs.Contains(name))];
        headOutputs.AddRange(graph.Output.Select(o => o.Name).Where(name => !producedByTail.Contains(name) && !headOutputs.Contains(name)));

        OnnxModel head = Build(model, headNodes, [.. model.InputNames], headOutputs, shapes);
        OnnxModel tail = Build(model, tailNodes, tailInputs, [.. graph.Output.Select(o => o.Name).Where(producedByTail.Contains)], shapes);
        return new GraphSplit(tensor, head, tail, tailInputs, headOutputs);
    }

    private static OnnxModel Build(OnnxModel source, List<NodeProto> nodes, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyDictionary<string, long[]>? shapes)
    {
        ModelProto proto = source.Proto.Clone();
        GraphProto graph = proto.Graph;
        graph.Node.Clear();
        graph.Node.AddRange(nodes.Select(n => n.Clone()));
        HashSet<string> used = [.. nodes.SelectMany(n => n.Input)];
        List<TensorProto> kept = [.. graph.Initializer.Where(t => used.Contains(t.Name))];
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);

        Dictionary<string, ValueInfoProto> known = graph.Input.Concat(graph.ValueInfo).Concat(graph.Output)
            .GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First());
        List<ValueInfoProto> originalOutputs = [.. graph.Output];
        graph.Input.Clear();
        graph.Output.Clear();
        foreach (string name in inputs)
        {
            graph.Input.Add(known.TryGetValue(name, out ValueInfoProto? info) ? info.Clone() : FloatTensor(name, shapes?.GetValueOrDefault(name)));
        }

        OnnxModel model = OnnxModel.FromProto(proto);
        foreach (string name in outputs)
        {
            ValueInfoProto? original = originalOutputs.FirstOrDefault(o => o.Name == name);
            if (original is not null)
            {
                graph.Output.Add(original.Clone());
            }
            else
            {
                model.AddOutput(name);
            }
        }

        return model;
    }

    // A tensor with no recorded type is an intermediate float activation.
    private static ValueInfoProto FloatTensor(string name, long[]? shape)
    {
        TypeProto.Types.Tensor tensor = new() { ElemType = (int)Runtime.TensorElementType.Float32 };
        if (shape is not null)
        {
            tensor.Shape = new TensorShapeProto();
            tensor.Shape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
