using Google.Protobuf;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Onnx;

/// <summary>
/// An ONNX model held as its protobuf message: read, inspected, edited (graph outputs) and written
/// back. Fields outside Payload's <c>onnx.proto</c> subset are kept and written back unchanged.
/// </summary>
public sealed class OnnxModel
{
    private OnnxModel(ModelProto proto)
    {
        Proto = proto;
    }

    /// <summary>The underlying message, for edits this class does not wrap.</summary>
    public ModelProto Proto { get; }

    /// <summary>The main graph.</summary>
    public GraphProto Graph => Proto.Graph;

    /// <summary>Graph nodes in their stored (topological) order.</summary>
    public IReadOnlyList<NodeProto> Nodes => Proto.Graph.Node;

    /// <summary>Names of the graph inputs that are not initializers (the tensors a caller feeds).</summary>
    public IReadOnlyList<string> InputNames
    {
        get
        {
            HashSet<string> initializers = [.. Proto.Graph.Initializer.Select(t => t.Name)];
            return [.. Proto.Graph.Input.Select(v => v.Name).Where(n => !initializers.Contains(n))];
        }
    }

    /// <summary>Names of the graph outputs.</summary>
    public IReadOnlyList<string> OutputNames => [.. Proto.Graph.Output.Select(v => v.Name)];

    /// <summary>Name, element type and dims of every initializer, in stored order.</summary>
    public IReadOnlyList<OnnxInitializer> Initializers =>
        [.. Proto.Graph.Initializer.Select(t => new OnnxInitializer(t.Name, (TensorElementType)t.DataType, t.Dims.ToArray()))];

    /// <summary>Wraps a model message built in code.</summary>
    public static OnnxModel FromProto(ModelProto proto)
    {
        ArgumentNullException.ThrowIfNull(proto);
        if (proto.Graph is null)
        {
            throw new OnnxModelException("The model has no graph (ModelProto.graph is missing).");
        }

        return new OnnxModel(proto);
    }

    /// <summary>Parses a serialized model.</summary>
    /// <exception cref="OnnxModelException">The bytes are not an ONNX model.</exception>
    public static OnnxModel FromBytes(ReadOnlySpan<byte> bytes) => Parse(bytes, "model bytes");

    /// <summary>Reads a model file.</summary>
    /// <exception cref="OnnxModelException">The file is missing, unreadable or not an ONNX model; the message names the path.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxModelException($"Cannot read model file '{path}': {e.Message}", e);
        }

        return Parse(bytes, $"model file '{path}'");
    }

    /// <summary>The serialized model.</summary>
    public byte[] ToBytes() => Proto.ToByteArray();

    /// <summary>Writes the serialized model to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    /// <summary>The initializer called <paramref name="name"/>.</summary>
    /// <exception cref="OnnxModelException">No initializer has that name.</exception>
    public TensorProto GetInitializer(string name) =>
        Proto.Graph.Initializer.FirstOrDefault(t => t.Name == name)
        ?? throw new OnnxModelException($"The model has no initializer '{name}'.");

    /// <summary>An initializer's elements in row-major order (see <see cref="OnnxTensorData.ToArray{T}"/>).</summary>
    public T[] ReadInitializer<T>(string name)
        where T : unmanaged => OnnxTensorData.ToArray<T>(GetInitializer(name));

    /// <summary>
    /// Makes the tensor called <paramref name="tensorName"/> (a node output, an input or an
    /// initializer) a graph output. Its type is taken from the graph's value_info when recorded
    /// there (or from the initializer); otherwise <paramref name="elementType"/> (float32 when not
    /// given) is used and the shape is left for ONNX Runtime to infer. Adding a name that already is
    /// an output does nothing.
    /// </summary>
    /// <exception cref="OnnxModelException">No node, input or initializer produces that name, or no type is known for it.</exception>
    public void AddOutput(string tensorName, TensorElementType? elementType = null)
    {
        ArgumentNullException.ThrowIfNull(tensorName);
        GraphProto graph = Proto.Graph;
        if (graph.Output.Any(o => o.Name == tensorName))
        {
            return;
        }

        bool produced = graph.Node.Any(n => n.Output.Contains(tensorName))
            || graph.Input.Any(i => i.Name == tensorName)
            || graph.Initializer.Any(t => t.Name == tensorName);
        if (!produced)
        {
            throw new OnnxModelException($"No node, input or initializer in graph '{graph.Name}' produces a tensor '{tensorName}'.");
        }

        ValueInfoProto? known = graph.ValueInfo.FirstOrDefault(v => v.Name == tensorName)
            ?? graph.Input.FirstOrDefault(v => v.Name == tensorName);
        if (known is not null && known.Type is not null)
        {
            graph.Output.Add(known.Clone());
            return;
        }

        TensorProto? initializer = graph.Initializer.FirstOrDefault(t => t.Name == tensorName);
        TensorElementType type = elementType
            ?? (initializer is not null ? (TensorElementType)initializer.DataType : TensorElementType.Float32);
        graph.Output.Add(new ValueInfoProto
        {
            Name = tensorName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } },
        });
    }

    /// <summary>
    /// Renames the graph output <paramref name="oldName"/> to <paramref name="newName"/>, together with
    /// the node output that produces it and every node input that reads it.
    /// </summary>
    /// <exception cref="OnnxModelException"><paramref name="oldName"/> is not an output, or <paramref name="newName"/> is already taken.</exception>
    public void RenameOutput(string oldName, string newName)
    {
        ArgumentNullException.ThrowIfNull(oldName);
        ArgumentNullException.ThrowIfNull(newName);
        GraphProto graph = Proto.Graph;
        ValueInfoProto output = graph.Output.FirstOrDefault(o => o.Name == oldName)
            ?? throw new OnnxModelException($"Graph '{graph.Name}' has no output '{oldName}'; outputs are: {string.Join(", ", OutputNames)}.");
        if (IsNameTaken(graph, newName))
        {
            throw new OnnxModelException($"Cannot rename output '{oldName}' to '{newName}': graph '{graph.Name}' already has a tensor of that name.");
        }

        output.Name = newName;
        foreach (ValueInfoProto info in graph.ValueInfo.Where(v => v.Name == oldName))
        {
            info.Name = newName;
        }

        foreach (NodeProto node in graph.Node)
        {
            Replace(node.Output, oldName, newName);
            Replace(node.Input, oldName, newName);
        }
    }

    private static bool IsNameTaken(GraphProto graph, string name) =>
        graph.Input.Any(v => v.Name == name)
        || graph.Output.Any(v => v.Name == name)
        || graph.Initializer.Any(t => t.Name == name)
        || graph.Node.Any(n => n.Output.Contains(name) || n.Input.Contains(name));

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> names, string oldName, string newName)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == oldName)
            {
                names[i] = newName;
            }
        }
    }

    private static OnnxModel Parse(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.IsEmpty)
        {
            throw new OnnxModelException($"The {what} is empty (0 bytes).");
        }

        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxModelException($"The {what} ({bytes.Length} bytes) is not a valid ONNX model: {e.Message}", e);
        }

        if (proto.Graph is null || !proto.HasIrVersion)
        {
            throw new OnnxModelException(
                $"The {what} ({bytes.Length} bytes) is not an ONNX model: " +
                (proto.Graph is null ? "it has no graph (ModelProto.graph)." : "it has no ir_version."));
        }

        return new OnnxModel(proto);
    }
}
