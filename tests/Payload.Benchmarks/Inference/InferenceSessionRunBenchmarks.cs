using BenchmarkDotNet.Attributes;
using Payload.Inference.Onnx;
using Payload.Inference.Onnx.Protos;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Benchmarks.Inference;

/// <summary>
/// Bare <see cref="InferenceSession.Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/> on the
/// C-UNet (../shared/data) with 1 and 2 intra-op threads: the baseline the tile pipeline is measured
/// against. The model's fixed 384×384 input is made height/width-dynamic with OnnxModel (the network is
/// fully convolutional) so 256×256 tiles run too. Run:
/// <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*InferenceSessionRun*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class InferenceSessionRunBenchmarks
{
    private InferenceSession? _session;
    private TensorBuffer? _input;
    private TensorBuffer? _output;

    [Params(256, 384)]
    public int TileSize { get; set; }

    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Path.Combine(RepositoryPaths.SharedData, "models", "cloud38-cunet-l8-rgb384.onnx");
        OnnxModel model = OnnxModel.Load(path);
        foreach (ValueInfoProto value in model.Graph.Input.Concat(model.Graph.Output))
        {
            var dims = value.Type.TensorType.Shape.Dim;
            dims[2] = new TensorShapeProto.Types.Dimension { DimParam = "height" };
            dims[3] = new TensorShapeProto.Types.Dimension { DimParam = "width" };
        }

        _session = InferenceSession.FromBytes(model.ToBytes(), new SessionOptions { IntraOpThreads = IntraOpThreads });
        _input = TensorBuffer.Create<float>(1, 3, TileSize, TileSize);
        _output = TensorBuffer.Create<float>(1, 2, TileSize, TileSize);
        var random = new Random(38);
        Span<float> pixels = _input.AsSpan<float>();
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle();
        }
    }

    [Benchmark]
    public void Run() => _session!.Run([_input!], [_output!]);

    [GlobalCleanup]
    public void Cleanup()
    {
        _session?.Dispose();
        _input?.Dispose();
        _output?.Dispose();
    }
}
