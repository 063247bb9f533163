using System.Runtime.InteropServices;
using Payload.Hal.Imaging;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

/// <summary>Inputs and expected outputs built from the shared test data.</summary>
internal static class TestTensors
{
    public const int PatchSize = 384;

    /// <summary>R, G, B of the 38-Cloud patch divided by 65535, as the reference outputs were made: float32 [1,3,384,384].</summary>
    public static float[] CloudPatchRgb()
    {
        NpyArray patch = NpyFile.Read(Require.SharedData(SharedModels.CloudPatch));
        ReadOnlySpan<ushort> rgbn = patch.AsSpan<ushort>();
        float[] rgb = new float[3 * PatchSize * PatchSize];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = rgbn[i] / 65535f;
        }

        return rgb;
    }

    public static float[] ReferenceOutput(string relativePath) => NpyFile.Read(Require.SharedData(relativePath)).AsSpan<float>().ToArray();

    /// <summary>A serialized ONNX TensorProto (.pb of the node tests) as a named tensor.</summary>
    public static NamedTensor FromTensorProtoFile(string path)
    {
        TensorProto proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        long[] dims = OnnxTensorData.Dims(proto);
        byte[] bytes = OnnxTensorData.ElementType(proto) switch
        {
            TensorElementType.Float32 => Bytes(OnnxTensorData.ToArray<float>(proto)),
            TensorElementType.Float16 => Bytes(OnnxTensorData.ToArray<Half>(proto)),
            TensorElementType.Float64 => Bytes(OnnxTensorData.ToArray<double>(proto)),
            TensorElementType.UInt8 => OnnxTensorData.ToArray<byte>(proto),
            TensorElementType.Int8 => Bytes(OnnxTensorData.ToArray<sbyte>(proto)),
            TensorElementType.UInt16 => Bytes(OnnxTensorData.ToArray<ushort>(proto)),
            TensorElementType.Int32 => Bytes(OnnxTensorData.ToArray<int>(proto)),
            TensorElementType.Int64 => Bytes(OnnxTensorData.ToArray<long>(proto)),
            TensorElementType.Bool => Bytes(OnnxTensorData.ToArray<bool>(proto)),
            TensorElementType other => throw new NotSupportedException($"{path}: element type {other}"),
        };
        return new NamedTensor(proto.Name, OnnxTensorData.ElementType(proto), dims, bytes);
    }

    /// <summary>Element values as doubles, for comparisons across float types.</summary>
    public static double[] AsDoubles(NamedTensor tensor) => tensor.ElementType switch
    {
        TensorElementType.Float32 => [.. tensor.AsSpan<float>().ToArray().Select(v => (double)v)],
        TensorElementType.Float16 => [.. tensor.AsSpan<Half>().ToArray().Select(v => (double)v)],
        TensorElementType.Float64 => tensor.AsSpan<double>().ToArray(),
        _ => throw new NotSupportedException(tensor.ToString()),
    };

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
