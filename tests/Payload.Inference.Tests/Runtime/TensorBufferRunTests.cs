using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Onnx;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Runtime;

/// <summary>The buffer path of Run for each supported element type, on tiny graphs built with OnnxModel.</summary>
public class TensorBufferRunTests
{
    [Test]
    public void Float32_buffers_pass_through_an_Identity_graph() => AssertIdentity<float>([1.5f, -2f, float.MaxValue, 0f, 1e-30f, -0f]);

    [Test]
    public void Float16_buffers_pass_through_an_Identity_graph() => AssertIdentity<Half>([(Half)1.5f, (Half)(-2f), Half.MaxValue, (Half)0f, Half.Epsilon, (Half)65504f]);

    [Test]
    public void UInt8_buffers_pass_through_an_Identity_graph() => AssertIdentity<byte>([0, 1, 127, 128, 254, 255]);

    [Test]
    public void UInt16_buffers_pass_through_an_Identity_graph() => AssertIdentity<ushort>([0, 1, 4095, 32768, 65534, 65535]);

    [Test]
    public void Int32_buffers_pass_through_an_Identity_graph() => AssertIdentity<int>([int.MinValue, -1, 0, 1, 123456789, int.MaxValue]);

    [Test]
    public void Int64_buffers_pass_through_an_Identity_graph() => AssertIdentity<long>([long.MinValue, -1, 0, 1, 1L << 40, long.MaxValue]);

    [Test]
    public void Run_on_buffers_allocates_nothing_in_steady_state()
    {
        using InferenceSession session = InferenceSession.Open(Require.SharedData(SharedModels.CFcn), new SessionOptions { IntraOpThreads = 1 });
        using TensorBuffer input = TensorBuffer.Create<float>(1, 3, 384, 384);
        using TensorBuffer output = TensorBuffer.Create<float>(1, 2, 384, 384);
        TestTensors.CloudPatchRgb().CopyTo(input.AsSpan<float>());
        session.Run([input], [output]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            session.Run([input], [output]);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    private static void AssertIdentity<T>(T[] values)
        where T : unmanaged
    {
        TensorElementType type = TensorElementTypes.Of<T>();
        using InferenceSession session = InferenceSession.FromBytes(IdentityModel(type).ToBytes());
        using TensorBuffer input = TensorBuffer.Create<T>(2, 3);
        using TensorBuffer output = TensorBuffer.Create<T>(2, 3);
        values.CopyTo(input.AsSpan<T>());

        session.Run([input], [output]);

        Assert.That(session.Inputs[0].ToString(), Is.EqualTo($"x: {TensorElementTypes.Name(type)}[2,3]"));
        Assert.That(output.AsSpan<T>().ToArray(), Is.EqualTo(values));
    }

    private static OnnxModel IdentityModel(TensorElementType type)
    {
        ValueInfoProto Value(string name) => new()
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)type,
                    Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 2 }, new TensorShapeProto.Types.Dimension { DimValue = 3 } } },
                },
            },
        };

        return OnnxModel.FromProto(new ModelProto
        {
            IrVersion = 8,
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 17 } },
            Graph = new GraphProto
            {
                Name = "identity",
                Node = { new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } } },
                Input = { Value("x") },
                Output = { Value("y") },
            },
        });
    }
}
