using System.Runtime.InteropServices;
using Google.Protobuf;
using Payload.Inference.DefaultModel;
using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Hardening;

/// <summary>Small default-model tiles and a golden run, shared by the hardening tests.</summary>
internal static class HardeningTestData
{
    public const int Side = 32;

    public static OnnxModel Model() => LandCoverModel.Build();

    /// <summary>A seeded reflectance-like input tile, 1×4×Side×Side.</summary>
    public static TensorBuffer Input(int seed)
    {
        TensorBuffer input = TensorBuffer.Create<float>(1, 4, Side, Side);
        var random = new Random(seed);
        foreach (ref float v in input.AsSpan<float>())
        {
            v = (float)random.NextDouble();
        }

        return input;
    }

    public static TensorBuffer Output() => TensorBuffer.Create<float>(1, 4, Side, Side);

    /// <summary>The model run from its file by plain ONNX Runtime (optimisation All unless told), with nothing of ours in between.</summary>
    public static float[] Golden(TensorBuffer input, GraphOptimizationLevel level = GraphOptimizationLevel.All)
    {
        using InferenceSession session = InferenceSession.FromBytes(Model().ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = level });
        using TensorBuffer output = Output();
        session.Run([input], [output]);
        return output.AsSpan<float>().ToArray();
    }

    /// <summary>The first convolution weight tensor: the one a flipped exponent bit wrecks.</summary>
    public static string ConvWeightName(OnnxModel model) => model.Initializers.First(i => i.Dims.Count == 4).Name;

    /// <summary>
    /// The convolution weight tensor among the weights a replica computes with, named and laid out as in
    /// the graph ORT optimised. Only elements 0-3 are sure to be real filter taps: NCHWc blocking puts
    /// the 4 channels of tap (0, 0) first and pads each tap to the CPU's block of 8 or 16 channels.
    /// </summary>
    public static string ConvWeightName(OwnedWeights weights) => weights.Names.First(n => weights[n].Shape.Length == 4);

    /// <summary>The buffer of <see cref="ConvWeightName(OwnedWeights)"/>.</summary>
    public static TensorBuffer ConvWeight(OwnedWeights weights) => weights[ConvWeightName(weights)];

    /// <summary>Flips the top exponent bit (bit 30) of weight element <paramref name="index"/>.</summary>
    public static void FlipExponent(TensorBuffer weights, int index) => weights.AsBytes()[(index * sizeof(float)) + 3] ^= 0x40;

    /// <summary>
    /// A plain session (optimisation Disabled, weights from the file) on <paramref name="model"/> with the
    /// initializer <paramref name="name"/> stored as <paramref name="values"/>: what ORT computes when
    /// those bytes are in the model file, to compare an owned session against.
    /// </summary>
    public static InferenceSession SessionWithStoredValues(OnnxModel model, string name, ReadOnlySpan<float> values)
    {
        OnnxModel edited = OnnxModel.FromBytes(model.ToBytes());
        TensorProto tensor = edited.GetInitializer(name);
        tensor.FloatData.Clear();
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return InferenceSession.FromBytes(edited.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Disabled });
    }
}
