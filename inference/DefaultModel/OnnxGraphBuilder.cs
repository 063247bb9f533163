using Google.Protobuf;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.DefaultModel;

/// <summary>Appends nodes and constant initializers to a <see cref="GraphProto"/>, naming intermediate tensors.</summary>
internal sealed class OnnxGraphBuilder(GraphProto graph)
{
    public GraphProto Graph { get; } = graph;

    /// <summary>A float scalar initializer; returns its name.</summary>
    public string Scalar(string name, float value)
    {
        Graph.Initializer.Add(OnnxTensorData.FromArray<float>(name, [value], []));
        return name;
    }

    /// <summary>An initializer of any shape; returns its name.</summary>
    public string Constant<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<long> dims)
        where T : unmanaged
    {
        Graph.Initializer.Add(OnnxTensorData.FromArray(name, values, dims));
        return name;
    }

    /// <summary>A node with one output called <paramref name="output"/>; returns that name.</summary>
    public string Node(string opType, string output, params string[] inputs) => Node(opType, [output], inputs, [])[0];

    /// <summary>A node with attributes; returns its output names.</summary>
    public string[] Node(string opType, string[] outputs, string[] inputs, AttributeProto[] attributes)
    {
        NodeProto node = new() { OpType = opType, Name = outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputs;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        AttributeProto attribute = new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Text(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A float32 tensor value info whose dims are numbers or, for strings, symbolic names.</summary>
    public static ValueInfoProto FloatTensor(string name, params object[] dims)
    {
        TensorShapeProto shape = new();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorElementType.Float32, Shape = shape } },
        };
    }
}
