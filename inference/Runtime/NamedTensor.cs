using System.Runtime.InteropServices;

namespace Payload.Inference.Runtime;

/// <summary>
/// A tensor as plain managed data (name, element type, shape, bytes), for tools and tests that run
/// a model once on named arrays. The hot path uses <see cref="TensorBuffer"/> instead.
/// </summary>
public sealed class NamedTensor
{
    public NamedTensor(string name, TensorElementType elementType, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (long d in shape)
        {
            count *= d;
        }

        int size = TensorElementTypes.SizeOf(elementType);
        if (size == 0 || count * size != data.LongLength)
        {
            throw new ArgumentException(
                $"Tensor '{name}': {data.Length} bytes do not hold {TensorElementTypes.Name(elementType)}[{string.Join(",", shape)}] ({count} × {size} bytes).",
                nameof(data));
        }

        Name = name;
        ElementType = elementType;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Elements as little-endian bytes, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>A tensor holding a copy of <paramref name="values"/>.</summary>
    public static NamedTensor Create<T>(string name, ReadOnlySpan<T> values, params long[] shape)
        where T : unmanaged => new(name, TensorElementTypes.Of<T>(), shape, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>The elements as <typeparamref name="T"/> (which must match <see cref="ElementType"/>).</summary>
    public ReadOnlySpan<T> AsSpan<T>()
        where T : unmanaged
    {
        if (TensorElementTypes.Of<T>() != ElementType)
        {
            throw new InvalidOperationException($"Tensor '{Name}' holds {TensorElementTypes.Name(ElementType)}, not {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(Data);
    }

    public override string ToString() => $"{Name}: {TensorElementTypes.Name(ElementType)}[{string.Join(",", Shape)}]";
}
