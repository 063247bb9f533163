using Google.Protobuf;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Onnx;

public class OnnxTensorDataTests
{
    [Test]
    public void Raw_data_and_typed_fields_give_the_same_floats()
    {
        TensorProto raw = OnnxTensorData.FromArray<float>("w", [1.5f, -2f, 3.25f, 0f], [2, 2]);
        TensorProto typed = new() { Name = "w", DataType = (int)TensorElementType.Float32, Dims = { 2, 2 }, FloatData = { 1.5f, -2f, 3.25f, 0f } };

        Assert.That(OnnxTensorData.ToArray<float>(raw), Is.EqualTo(OnnxTensorData.ToArray<float>(typed)));
        Assert.That(OnnxTensorData.Dims(raw), Is.EqualTo(new long[] { 2, 2 }));
    }

    [Test]
    public void Float16_in_int32_data_holds_bit_patterns()
    {
        TensorProto typed = new() { DataType = (int)TensorElementType.Float16, Dims = { 2 }, Int32Data = { BitConverter.HalfToUInt16Bits((Half)1.5f), BitConverter.HalfToUInt16Bits((Half)(-4f)) } };

        Assert.That(OnnxTensorData.ToArray<Half>(typed), Is.EqualTo(new[] { (Half)1.5f, (Half)(-4f) }));
    }

    [Test]
    public void Int64_uint8_and_uint16_typed_fields_convert()
    {
        Assert.That(OnnxTensorData.ToArray<long>(new TensorProto { DataType = 7, Dims = { 3 }, Int64Data = { -1, 0, long.MaxValue } }),
            Is.EqualTo(new[] { -1L, 0L, long.MaxValue }));
        Assert.That(OnnxTensorData.ToArray<byte>(new TensorProto { DataType = 2, Dims = { 2 }, Int32Data = { 0, 255 } }),
            Is.EqualTo(new byte[] { 0, 255 }));
        Assert.That(OnnxTensorData.ToArray<ushort>(new TensorProto { DataType = 4, Dims = { 1 }, Int32Data = { 65535 } }),
            Is.EqualTo(new ushort[] { 65535 }));
    }

    [Test]
    public void Wrong_element_type_is_named()
    {
        TensorProto t = OnnxTensorData.FromArray<float>("weights", [1f], [1]);

        Assert.That(() => OnnxTensorData.ToArray<long>(t),
            Throws.TypeOf<OnnxModelException>().With.Message.Contains("'weights'").And.Message.Contains("float32").And.Message.Contains("int64"));
    }

    [Test]
    public void Element_count_not_matching_dims_is_refused()
    {
        TensorProto t = new() { Name = "x", DataType = 1, Dims = { 3 }, RawData = ByteString.CopyFrom(new byte[8]) };

        Assert.That(() => OnnxTensorData.ToArray<float>(t), Throws.TypeOf<OnnxModelException>().With.Message.Contains("[3]"));
    }

    [Test]
    public void Scalar_has_one_element()
    {
        TensorProto t = OnnxTensorData.FromArray<long>("k", [42L], []);

        Assert.That(OnnxTensorData.ToArray<long>(t), Is.EqualTo(new[] { 42L }));
    }
}
