using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Benchmarks.Inference;

/// <summary>
/// Issue 2: the full tile pipeline (normalise, run, decode, stitch, products) against the bare
/// <see cref="InferenceSession.Run(ReadOnlySpan{TensorBuffer}, ReadOnlySpan{TensorBuffer})"/> on
/// the same pre-filled tile (the baseline). Target: overhead at most 5 % and 0 bytes allocated per
/// tile. Each operation is one tile. The default model runs 256 x 256 tiles; the C-UNet's input is
/// fixed at 384 x 384, so it runs its own tile size.
/// Run: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*TilePipelineBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcess))]
public class TilePipelineBenchmarks
{
    private InferenceSession _session = null!;
    private TilePipeline _pipeline = null!;
    private MultispectralScene _scene = null!;
    private SceneProducts _products = null!;
    private TensorBuffer[] _inputs = null!;
    private TensorBuffer[] _outputs = null!;
    private TileInputWriter _writer = null!;
    private ClassMapDecoder _decoder = null!;
    private byte[] _classes = null!;
    private float[] _confidence = null!;

    /// <summary>Which model: the default land-cover model or the shared C-UNet.</summary>
    [Params("default", "cunet")]
    public string Model { get; set; } = "default";

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        SessionOptions options = new() { IntraOpThreads = Threads };
        ModelManifest manifest;
        if (Model == "default")
        {
            _session = InferenceSession.FromBytes(LandCoverModel.Build().ToBytes(), options);
            manifest = LandCoverModel.Manifest();
            _scene = new SyntheticSceneGenerator(LandCoverModel.TileSize, LandCoverModel.TileSize).Generate(1).Scene;
        }
        else
        {
            string data = RepositoryPaths.SharedData;
            string model = Path.Combine(data, "models", "cloud38-cunet-l8-rgb384.onnx");
            if (!File.Exists(model))
            {
                throw new FileNotFoundException($"The C-UNet benchmark needs ../shared/data: {model} is missing.", model);
            }

            _session = InferenceSession.Open(model, options);
            manifest = ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "inference", "models", "cloud38-cunet-l8-rgb384.json"));
            NpyArray stack = NpyFile.Read(Path.Combine(data, "tiles", "38cloud-sample", "derived", "patch_192_10_by_12.rgbn_chw.uint16.npy"));
            _scene = MultispectralScene.FromNpy(stack, "patch", DateTimeOffset.UnixEpoch, ["red", "green", "blue", "nir"], 16);
        }

        _pipeline = new TilePipeline(_session, manifest, new TilePipelineOptions { TileOverlap = 0 });
        _products = _pipeline.CreateProducts(_scene.Width, _scene.Height);
        if (_products.Grid.Count != 1)
        {
            throw new InvalidOperationException($"Expected one tile per scene, got {_products.Grid.Count}.");
        }

        int t = _pipeline.TileSize;
        _inputs = [new TensorBuffer(TensorElementType.Float32, [1, manifest.Bands.Count, t, t])];
        _outputs = [.. _session.Outputs.Select(o => new TensorBuffer(TensorElementType.Float32, [1, o.Shape[1] < 0 ? manifest.Classes.Count : o.Shape[1], t, t]))];
        // The bare run sees the same normalised tile the pipeline feeds.
        _writer = new TileInputWriter(manifest, _scene.BandNames, t);
        _writer.Write(_scene, _products.Grid[0], _inputs[0].AsSpan<float>());
        _decoder = new ClassMapDecoder(manifest.Decoding!, (int)_outputs[0].Shape[1], t * t);
        _classes = new byte[t * t];
        _confidence = new float[t * t];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.Dispose();
        foreach (TensorBuffer buffer in _inputs.Concat(_outputs))
        {
            buffer.Dispose();
        }

        _session.Dispose();
    }

    /// <summary>Baseline: ONNX Runtime alone on a tile already in its pinned buffer.</summary>
    [Benchmark(Baseline = true)]
    public void BareRun() => _session.Run(_inputs, _outputs);

    /// <summary>
    /// The pipeline's own work on one tile without the model run (normalise, decode, stitch, tile
    /// products): the overhead the pipeline adds, measured apart from ORT's run-to-run noise.
    /// </summary>
    [Benchmark]
    public void ManagedStagesOnly()
    {
        TilePlacement tile = _products.Grid[0];
        _writer.Write(_scene, tile, _inputs[0].AsSpan<float>());
        _decoder.Decode(_outputs[0].AsSpan<float>(), _classes, _confidence);
        _products.Accept(0, _classes, _confidence);
    }

    // The short job (1 launch, 3 warm-ups, 3 iterations), in process: ORT is loaded once and no
    // separate benchmark executable has to be built on a shared machine.
    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>One tile through the whole pipeline: band selection, normalisation, run, decode, stitch, tile products.</summary>
    [Benchmark]
    public void Pipeline() => _pipeline.Process(_scene, _products);
}
