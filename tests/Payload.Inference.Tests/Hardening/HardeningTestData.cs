using Payload.Inference.DefaultModel;
using Payload.Inference.Onnx;
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

    /// <summary>The model run from its file, with nothing of ours in between.</summary>
    public static float[] Golden(TensorBuffer input)
    {
        using InferenceSession session = InferenceSession.FromBytes(Model().ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended });
        using TensorBuffer output = Output();
        session.Run([input], [output]);
        return output.AsSpan<float>().ToArray();
    }

    /// <summary>The first convolution weight tensor: the one a flipped exponent bit wrecks.</summary>
    public static string ConvWeightName(OnnxModel model) => model.Initializers.First(i => i.Dims.Count == 4).Name;

    /// <summary>Flips the top exponent bit (bit 30) of weight element <paramref name="index"/>.</summary>
    public static void FlipExponent(TensorBuffer weights, int index) => weights.AsBytes()[(index * sizeof(float)) + 3] ^= 0x40;
}
