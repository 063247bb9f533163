using System.Runtime.InteropServices;

namespace Payload.Hal.Imaging;

/// <summary>
/// An n-dimensional array as a <c>.npy</c> file holds it: an element type, a C-order shape and
/// the raw little-endian element bytes.
/// </summary>
public sealed class NpyArray
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the byte count does not match the shape.</exception>
    public NpyArray(NpyDataType dataType, IReadOnlyList<int> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        _shape = [.. shape];
        long count = 1;
        foreach (int dim in _shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Dimension {dim} in shape {FormatShape(_shape)} is negative.", nameof(shape));
            }

            count *= dim;
        }

        long expectedBytes = count * ElementSize(dataType);
        if (data.LongLength != expectedBytes)
        {
            throw new ArgumentException(
                $"{data.LongLength} bytes given for {dataType} {FormatShape(_shape)}, expected {expectedBytes}.", nameof(data));
        }

        DataType = dataType;
        ElementCount = count;
        Data = data;
    }

    /// <summary>Element type.</summary>
    public NpyDataType DataType { get; }

    /// <summary>Dimensions, outermost first (C order).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Shape as NumPy prints it, e.g. <c>(4, 384, 384)</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>Product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Raw element bytes, little-endian, C order.</summary>
    public byte[] Data { get; }

    /// <summary>The elements viewed as <typeparamref name="T"/>, which must match <see cref="DataType"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the array's element type.</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (ClrType(DataType) != typeof(T))
        {
            throw new InvalidOperationException($"Array holds {DataType}; it cannot be viewed as {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(Data.AsSpan());
    }

    /// <summary>A float32 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromFloat32(IReadOnlyList<int> shape, ReadOnlySpan<float> values) => From(NpyDataType.Float32, shape, values);

    /// <summary>A uint8 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromUInt8(IReadOnlyList<int> shape, ReadOnlySpan<byte> values) => From(NpyDataType.UInt8, shape, values);

    /// <summary>A uint16 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromUInt16(IReadOnlyList<int> shape, ReadOnlySpan<ushort> values) => From(NpyDataType.UInt16, shape, values);

    /// <summary>An int32 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromInt32(IReadOnlyList<int> shape, ReadOnlySpan<int> values) => From(NpyDataType.Int32, shape, values);

    /// <summary>An int64 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromInt64(IReadOnlyList<int> shape, ReadOnlySpan<long> values) => From(NpyDataType.Int64, shape, values);

    /// <summary>A float16 array of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    public static NpyArray FromFloat16(IReadOnlyList<int> shape, ReadOnlySpan<Half> values) => From(NpyDataType.Float16, shape, values);

    /// <summary>Bytes per element of <paramref name="dataType"/>.</summary>
    public static int ElementSize(NpyDataType dataType) => dataType switch
    {
        NpyDataType.UInt8 => 1,
        NpyDataType.UInt16 or NpyDataType.Float16 => 2,
        NpyDataType.Float32 or NpyDataType.Int32 => 4,
        NpyDataType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown element type."),
    };

    private static Type ClrType(NpyDataType dataType) => dataType switch
    {
        NpyDataType.Float32 => typeof(float),
        NpyDataType.Float16 => typeof(Half),
        NpyDataType.UInt8 => typeof(byte),
        NpyDataType.UInt16 => typeof(ushort),
        NpyDataType.Int32 => typeof(int),
        NpyDataType.Int64 => typeof(long),
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown element type."),
    };

    private static NpyArray From<T>(NpyDataType dataType, IReadOnlyList<int> shape, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        // Payload only runs on little-endian hosts (x64, arm64), so the in-memory bytes are the file bytes.
        byte[] data = MemoryMarshal.AsBytes(values).ToArray();
        return new NpyArray(dataType, shape, data);
    }

    internal static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape) + ")",
    };
}
