using System.Runtime.InteropServices;
using Payload.Inference.Runtime.Interop;

namespace Payload.Inference.Runtime;

/// <summary>
/// A tensor whose memory we own: native, 64-byte aligned, never moved by the GC, wrapped once in an
/// ONNX Runtime OrtValue. Create it once, fill it through <see cref="AsSpan{T}"/>, and pass it to
/// <see cref="InferenceSession.Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/> as
/// often as needed: no copy and no allocation per run. Do not dispose it while a run uses it.
/// </summary>
public sealed unsafe class TensorBuffer : IDisposable
{
    private const nuint Alignment = 64;

    private readonly OrtTensorValueHandle _value;
    private readonly long[] _shape;

    /// <summary>A zero-filled tensor of <paramref name="elementType"/> with the given shape.</summary>
    /// <exception cref="ArgumentException">A negative dimension, an element type without a fixed size, or more than int.MaxValue elements.</exception>
    public TensorBuffer(TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        int elementSize = TensorElementTypes.SizeOf(elementType);
        if (elementSize == 0)
        {
            throw new ArgumentException($"Element type {elementType} has no fixed size; a TensorBuffer cannot hold it.", nameof(elementType));
        }

        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] has a negative dimension; a buffer needs concrete sizes.", nameof(shape));
            }

            count *= d;
        }

        if (count > int.MaxValue)
        {
            throw new ArgumentException($"Shape [{string.Join(",", shape.ToArray())}] has {count} elements, more than a buffer holds.", nameof(shape));
        }

        ElementType = elementType;
        ElementCount = (int)count;
        ByteLength = (nuint)count * (nuint)elementSize;
        _shape = shape.ToArray();

        void* data = NativeMemory.AlignedAlloc(Math.Max(ByteLength, 1), Alignment);
        NativeMemory.Clear(data, ByteLength);
        nint raw;
        nint status;
        fixed (long* dims = _shape)
        {
            status = OrtApi.CreateTensorWithDataAsOrtValue(
                OrtEnvironment.CpuMemoryInfo.DangerousGetHandle(), data, ByteLength, dims, (nuint)_shape.Length, (int)elementType, &raw);
        }

        if (status != 0)
        {
            NativeMemory.AlignedFree(data);
            throw OrtStatus.ToException(status, nameof(OrtApi.CreateTensorWithDataAsOrtValue), $"a {TensorElementTypes.Name(elementType)}[{string.Join(",", _shape)}] buffer");
        }

        _value = new OrtTensorValueHandle { Data = data };
        Marshal.InitHandle(_value, raw);
    }

    public TensorElementType ElementType { get; }

    /// <summary>Dimensions, fixed for the life of the buffer.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    public int ElementCount { get; }

    public nuint ByteLength { get; }

    internal OrtTensorValueHandle Value => _value;

    /// <summary>A buffer for elements of type <typeparamref name="T"/> (<see cref="Half"/> for float16).</summary>
    public static TensorBuffer Create<T>(params ReadOnlySpan<long> shape)
        where T : unmanaged => new(TensorElementTypes.Of<T>(), shape);

    /// <summary>The elements, in row-major order. <typeparamref name="T"/> must match <see cref="ElementType"/>.</summary>
    /// <exception cref="InvalidOperationException">The type does not match.</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (TensorElementTypes.Of<T>() != ElementType)
        {
            ThrowWrongType(typeof(T));
        }

        ObjectDisposedException.ThrowIf(_value.IsClosed, this);
        return new Span<T>(_value.Data, ElementCount);
    }

    /// <summary>The raw bytes (little-endian elements).</summary>
    public Span<byte> AsBytes()
    {
        ObjectDisposedException.ThrowIf(_value.IsClosed, this);
        return new Span<byte>(_value.Data, checked((int)ByteLength));
    }

    public void Dispose() => _value.Dispose();

    public override string ToString() => $"{TensorElementTypes.Name(ElementType)}[{string.Join(",", _shape)}]";

    private void ThrowWrongType(Type requested) =>
        throw new InvalidOperationException($"This buffer holds {TensorElementTypes.Name(ElementType)}, not {requested.Name}.");
}
