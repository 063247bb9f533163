using System.Runtime.InteropServices;
using Payload.Hal.Imaging;
using Payload.Inference.Runtime;

namespace Payload.Inference.Packages;

/// <summary>Conversions between <c>.npy</c> arrays (golden vectors) and named tensors.</summary>
internal static class NpyTensors
{
    public static NamedTensor ToTensor(string name, NpyArray array)
    {
        TensorElementType type = array.DataType switch
        {
            NpyDataType.Float32 => TensorElementType.Float32,
            NpyDataType.Float16 => TensorElementType.Float16,
            NpyDataType.UInt8 => TensorElementType.UInt8,
            NpyDataType.UInt16 => TensorElementType.UInt16,
            NpyDataType.Int32 => TensorElementType.Int32,
            NpyDataType.Int64 => TensorElementType.Int64,
            _ => TensorElementType.Undefined,
        };
        return new NamedTensor(name, type, [.. array.Shape.Select(d => (long)d)], array.Data);
    }

    /// <exception cref="PackageRejectedException">The tensor's element type has no <c>.npy</c> equivalent here.</exception>
    public static NpyArray ToNpy(NamedTensor tensor)
    {
        NpyDataType type = tensor.ElementType switch
        {
            TensorElementType.Float32 => NpyDataType.Float32,
            TensorElementType.Float16 => NpyDataType.Float16,
            TensorElementType.UInt8 => NpyDataType.UInt8,
            TensorElementType.UInt16 => NpyDataType.UInt16,
            TensorElementType.Int32 => NpyDataType.Int32,
            TensorElementType.Int64 => NpyDataType.Int64,
            _ => throw new PackageRejectedException(
                PackageRejection.TensorMismatch, $"output '{tensor.Name}' is {TensorElementTypes.Name(tensor.ElementType)}, which a .npy golden vector cannot hold"),
        };
        return new NpyArray(type, [.. tensor.Shape.Select(d => checked((int)d))], tensor.Data);
    }

    /// <summary>The elements of a numeric tensor widened to double.</summary>
    public static double[] Values(NamedTensor tensor) => tensor.ElementType switch
    {
        TensorElementType.Float32 => Widen(MemoryMarshal.Cast<byte, float>(tensor.Data), v => v),
        TensorElementType.Float16 => Widen(MemoryMarshal.Cast<byte, Half>(tensor.Data), v => (double)v),
        TensorElementType.Float64 => MemoryMarshal.Cast<byte, double>(tensor.Data).ToArray(),
        TensorElementType.UInt8 => Widen<byte>(tensor.Data, v => v),
        TensorElementType.UInt16 => Widen(MemoryMarshal.Cast<byte, ushort>(tensor.Data), v => v),
        TensorElementType.Int32 => Widen(MemoryMarshal.Cast<byte, int>(tensor.Data), v => v),
        TensorElementType.Int64 => Widen(MemoryMarshal.Cast<byte, long>(tensor.Data), v => v),
        _ => throw new PackageRejectedException(
            PackageRejection.TensorMismatch, $"tensor '{tensor.Name}' is {TensorElementTypes.Name(tensor.ElementType)}; golden vectors compare numeric tensors only"),
    };

    private static double[] Widen<T>(ReadOnlySpan<T> values, Func<T, double> widen)
    {
        double[] result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = widen(values[i]);
        }

        return result;
    }
}
