using System.Runtime.InteropServices;
using Google.Protobuf;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Onnx;

/// <summary>
/// Converts between <see cref="TensorProto"/> and flat arrays. Data may sit in <c>raw_data</c>
/// (little-endian, row-major) or in the typed repeated fields, whose choice per element type
/// follows the ONNX IR "Tensor Definition" section.
/// </summary>
public static class OnnxTensorData
{
    /// <summary>The tensor's element type.</summary>
    public static TensorElementType ElementType(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return (TensorElementType)tensor.DataType;
    }

    /// <summary>The tensor's dimensions (empty for a scalar).</summary>
    public static long[] Dims(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return [.. tensor.Dims];
    }

    /// <summary>
    /// The tensor's elements in row-major order. <typeparamref name="T"/> must match the element type
    /// (<see cref="Half"/> for float16, <see cref="bool"/> for bool).
    /// </summary>
    /// <exception cref="OnnxModelException">The type does not match, the data is external, or the element count is wrong.</exception>
    public static T[] ToArray<T>(TensorProto tensor)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        TensorElementType type = ElementType(tensor);
        TensorElementType wanted = TensorElementTypes.Of<T>();
        if (type != wanted)
        {
            throw new OnnxModelException(
                $"Tensor '{tensor.Name}' holds {TensorElementTypes.Name(type)}, not {TensorElementTypes.Name(wanted)}.");
        }

        if (tensor.HasDataLocation && tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new OnnxModelException($"Tensor '{tensor.Name}' keeps its data in an external file, which is not read here.");
        }

        long count = 1;
        foreach (long d in tensor.Dims)
        {
            count *= d;
        }

        T[] result = tensor.HasRawData ? FromRaw<T>(tensor) : FromTyped<T>(tensor, type);
        if (result.LongLength != count)
        {
            throw new OnnxModelException(
                $"Tensor '{tensor.Name}' has {result.LongLength} elements but its dims [{string.Join(",", tensor.Dims)}] call for {count}.");
        }

        return result;
    }

    /// <summary>A tensor named <paramref name="name"/> holding <paramref name="data"/> as <c>raw_data</c>.</summary>
    public static TensorProto FromArray<T>(string name, ReadOnlySpan<T> data, ReadOnlySpan<long> dims)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(name);
        long count = 1;
        foreach (long d in dims)
        {
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}': {data.Length} elements do not fill dims [{string.Join(",", dims.ToArray())}] ({count}).", nameof(data));
        }

        TensorProto tensor = new()
        {
            Name = name,
            DataType = (int)TensorElementTypes.Of<T>(),
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data)),
        };
        foreach (long d in dims)
        {
            tensor.Dims.Add(d);
        }

        return tensor;
    }

    private static T[] FromRaw<T>(TensorProto tensor)
        where T : unmanaged
    {
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        int size = Marshal.SizeOf<T>();
        if (raw.Length % size != 0)
        {
            throw new OnnxModelException($"Tensor '{tensor.Name}' raw_data of {raw.Length} bytes is not a whole number of {size}-byte elements.");
        }

        // raw_data is little-endian per the ONNX IR; this code only runs on little-endian hosts.
        return MemoryMarshal.Cast<byte, T>(raw).ToArray();
    }

    private static T[] FromTyped<T>(TensorProto tensor, TensorElementType type)
        where T : unmanaged
    {
        switch (type)
        {
            case TensorElementType.Float32:
                return Cast<float, T>([.. tensor.FloatData]);
            case TensorElementType.Float64:
                return Cast<double, T>([.. tensor.DoubleData]);
            case TensorElementType.Int64:
                return Cast<long, T>([.. tensor.Int64Data]);
            case TensorElementType.UInt64:
                return Cast<ulong, T>([.. tensor.Uint64Data]);
            case TensorElementType.UInt32:
                return Cast<uint, T>([.. tensor.Uint64Data.Select(v => (uint)v)]);
            case TensorElementType.Int32:
                return Cast<int, T>([.. tensor.Int32Data]);
            case TensorElementType.Int16:
                return Cast<short, T>([.. tensor.Int32Data.Select(v => (short)v)]);
            case TensorElementType.UInt16:
                return Cast<ushort, T>([.. tensor.Int32Data.Select(v => (ushort)v)]);
            case TensorElementType.Float16:
            case TensorElementType.BFloat16:
                // 16-bit floats travel as their bit patterns in int32_data.
                return Cast<ushort, T>([.. tensor.Int32Data.Select(v => (ushort)v)]);
            case TensorElementType.Int8:
                return Cast<sbyte, T>([.. tensor.Int32Data.Select(v => (sbyte)v)]);
            case TensorElementType.UInt8:
                return Cast<byte, T>([.. tensor.Int32Data.Select(v => (byte)v)]);
            case TensorElementType.Bool:
                return Cast<bool, T>([.. tensor.Int32Data.Select(v => v != 0)]);
            default:
                throw new OnnxModelException($"Tensor '{tensor.Name}' has element type {type}, which cannot be read as an array.");
        }
    }

    private static TTo[] Cast<TFrom, TTo>(TFrom[] values)
        where TFrom : unmanaged
        where TTo : unmanaged => MemoryMarshal.Cast<TFrom, TTo>(values).ToArray();
}
