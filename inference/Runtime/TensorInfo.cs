namespace Payload.Inference.Runtime;

/// <summary>
/// A model input or output as ONNX Runtime declares it: name, element type and shape. A dynamic
/// dimension is -1 in <see cref="Shape"/>, and its symbolic name (e.g. "batch_size"), if any, is in
/// <see cref="SymbolicDims"/> at the same position ("" where the dimension has no name).
/// </summary>
public sealed class TensorInfo
{
    internal TensorInfo(string name, TensorElementType elementType, long[] shape, string[] symbolicDims)
    {
        Name = name;
        ElementType = elementType;
        ShapeArray = shape;
        SymbolicDims = symbolicDims;
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    /// <summary>Dimensions; -1 for a dynamic one.</summary>
    public IReadOnlyList<long> Shape => ShapeArray;

    /// <summary>Symbolic dimension names, "" for none; same length as <see cref="Shape"/>.</summary>
    public IReadOnlyList<string> SymbolicDims { get; }

    internal long[] ShapeArray { get; }

    /// <summary>The shape as text, symbolic names in place of dynamic dims: <c>[batch_size,3,384,384]</c>.</summary>
    public string ShapeText => "[" + string.Join(",", ShapeArray.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicDims[i].Length > 0 ? SymbolicDims[i] : "?")) + "]";

    /// <summary>Whether a tensor of this element type and shape fits here (dynamic dims accept any size).</summary>
    public bool Accepts(TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        if (elementType != ElementType || shape.Length != ShapeArray.Length)
        {
            return false;
        }

        for (int i = 0; i < shape.Length; i++)
        {
            if (ShapeArray[i] >= 0 && ShapeArray[i] != shape[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Name}: {TensorElementTypes.Name(ElementType)}{ShapeText}";
}
