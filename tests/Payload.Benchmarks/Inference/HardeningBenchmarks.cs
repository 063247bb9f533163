using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Payload.Inference.DefaultModel;
using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;
using Payload.Tests.Shared;

namespace Payload.Benchmarks.Inference;

/// <summary>
/// Issue 5: each protection against bare inference on the same tile, for the default model (256 x 256,
/// a graph of element-wise passes and one small convolution) and the C-UNet from ../shared/data
/// (384 x 384, convolutions: the kind of network the protections are meant for).
/// The baseline <see cref="Bare"/> is plain ONNX Runtime on the model file, graph optimisation All,
/// one intra-op thread (what the flight runs under protection "none"). Every protected row runs on
/// weights we own the way the flight does: ORT optimises the graph at All once, and each session
/// runs that optimised graph over our copy of its initializers (<see cref="RedundantSession"/>).
/// Targets: Dmr fault-free ≤ 2.1×, Tmr ≤ 3.15×, bare run + scrubbing at the default period ≤ 3 %,
/// range guards ≤ 3 %, one checkpoint write ≤ 2 ms.
/// Two jobs: wall clock, and the process's CPU time (<see cref="ProcessCpuClock"/>). Where the host's
/// speed drifts between rows, <see cref="InterleavedHardeningRatios"/> runs the same methods round-robin.
/// Run: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*HardeningBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(WallAndCpuTime))]
public class HardeningBenchmarks
{
    private const string CUnetFile = "cloud38-cunet-l8-rgb384.onnx";

    private InferenceSession _bare = null!;
    private RedundantSession _owned = null!;
    private RedundantSession _dmr = null!;
    private RedundantSession _tmr = null!;
    private OwnedWeights _extendedWeights = null!;
    private InferenceSession _ownedExtended = null!;
    private RedundantSession _scrubbed = null!;
    private WeightScrubber _scrubber = null!;
    private RedundantSession _guarded = null!;
    private RangeGuardMonitor _monitor = null!;
    private RedundantSession _clipsOnly = null!;
    private RangeGuardMonitor _clipsOnlyInput = null!;
    private string _inputName = null!;
    private TensorBuffer[] _inputs = null!;
    private TensorBuffer[] _outputs = null!;
    private TensorBuffer[] _secondOutputs = null!;
    private TensorBuffer[] _guardedOutputs = null!;
    private CheckpointStore _store = null!;
    private byte[] _progress = null!;
    private string _checkpointDirectory = null!;

    [Params("default", "cunet")]
    public string Model { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        (OnnxModel model, long[] inputShape, long[] outputShape) = Model == "cunet"
            ? (OnnxModel.Load(Path.Combine(RepositoryPaths.SharedData, "models", CUnetFile)), new long[] { 1, 3, 384, 384 }, new long[] { 1, 2, 384, 384 })
            : (LandCoverModel.Build(), [1, 4, LandCoverModel.TileSize, LandCoverModel.TileSize], [1, 4, LandCoverModel.TileSize, LandCoverModel.TileSize]);
        _bare = InferenceSession.FromBytes(model.ToBytes(), new SessionOptions { IntraOpThreads = 1 });
        _owned = Replicas(model, RedundancyMode.None);
        _dmr = Replicas(model, RedundancyMode.Dmr);
        _tmr = Replicas(model, RedundancyMode.Tmr);
        _extendedWeights = OwnedWeights.FromModel(model);
        _ownedExtended = InferenceSession.FromBytes(
            model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended, Initializers = _extendedWeights.Buffers });
        _scrubbed = Replicas(model, RedundancyMode.None);
        _scrubber = WeightScrubber.For(_scrubbed);

        TensorBuffer input = TensorBuffer.Create<float>(inputShape);
        var random = new Random(5);
        foreach (ref float v in input.AsSpan<float>())
        {
            v = (float)random.NextDouble();
        }

        _inputs = [input];
        _outputs = [TensorBuffer.Create<float>(outputShape)];
        _secondOutputs = [TensorBuffer.Create<float>(outputShape)];

        NamedTensor[] calibration = [NamedTensor.Create<float>(model.Graph.Input[0].Name, input.AsSpan<float>(), inputShape)];
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [calibration]));
        _guarded = Replicas(guarded.Model, RedundancyMode.None);
        _monitor = new RangeGuardMonitor(guarded);
        GuardedModel clipsOnly = RangeGuard.Harden(model, RangeGuard.Profile(model, [calibration]), new RangeGuardOptions { ReportHits = false });
        _clipsOnly = Replicas(clipsOnly.Model, RedundancyMode.None);
        _clipsOnlyInput = new RangeGuardMonitor(clipsOnly);
        _inputName = model.Graph.Input[0].Name;
        _guardedOutputs = [TensorBuffer.Create<float>(outputShape), TensorBuffer.Create<float>(2 * (guarded.Tensors.Count - guarded.Inputs.Count))];

        // Both replicas' outputs of the same tile, for the vote-only benchmark.
        _dmr.Session(0).Run(_inputs, _outputs);
        _dmr.Session(1).Run(_inputs, _secondOutputs);

        _checkpointDirectory = Directory.CreateTempSubdirectory("payload-bench-ckpt-").FullName;
        _store = new CheckpointStore(_checkpointDirectory);
        _progress = new PipelineProgress
        {
            SceneId = "scene-0001", SceneIndex = 1, NextTile = 17, ModelHash = new byte[32],
            ApidSequenceCounts = new Dictionary<ushort, ushort> { [0x100] = 1, [0x101] = 2 },
            FrameCount = 12345, PartialProducts = new byte[inputShape[2] * inputShape[3]],
        }.ToBytes();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _owned.Dispose();
        _dmr.Dispose();
        _tmr.Dispose();
        _ownedExtended.Dispose();
        _extendedWeights.Dispose();
        _scrubbed.Dispose();
        _guarded.Dispose();
        _clipsOnly.Dispose();
        Directory.Delete(_checkpointDirectory, recursive: true);
    }

    /// <summary>The baseline, bare inference: one tile through plain ORT at optimisation All on the model file's weights.</summary>
    [Benchmark(Baseline = true)]
    public void Bare() => _bare.Run(_inputs, _outputs);

    /// <summary>One tile through one session on owned weights of the graph ORT optimised at All, as every replica runs.</summary>
    [Benchmark]
    public void BareOwned() => _owned.Session(0).Run(_inputs, _outputs);

    /// <summary>For comparison, the previous owned path: the model file's graph at optimisation Extended over owned weights.</summary>
    [Benchmark]
    public void BareOwnedExtended() => _ownedExtended.Run(_inputs, _outputs);

    [Benchmark]
    public VoteOutcome Dmr() => _dmr.Run(_inputs, _outputs);

    /// <summary>Dmr's fault-free vote alone: comparing two identical 1 MiB outputs bit for bit.</summary>
    [Benchmark]
    public bool DmrVoteOnly() => OutputVoter.Agree(_outputs[0].AsBytes(), _secondOutputs[0].AsBytes(), sizeof(float), ulpTolerance: 0);

    /// <summary>Dmr's two replica runs without the vote: the floor Dmr cannot go below, so Dmr minus this is the voting cost.</summary>
    [Benchmark]
    public void DmrRunsWithoutVote()
    {
        _dmr.Session(0).Run(_inputs, _outputs);
        _dmr.Session(1).Run(_inputs, _secondOutputs);
    }

    [Benchmark]
    public VoteOutcome Tmr() => _tmr.Run(_inputs, _outputs);

    /// <summary>One tile on owned weights (the flight's "scrub" protection), then the scrubber's due blocks at its default period.</summary>
    [Benchmark]
    public int BareWithScrubbing()
    {
        _scrubbed.Run(_inputs, _outputs);
        _scrubber.RecordResult();
        return _scrubber.ScrubDue();
    }

    /// <summary>The input guard on the tile, one tile through the guarded model on owned weights, then counting its hits.</summary>
    [Benchmark]
    public int RangeGuarded()
    {
        _monitor.GuardInput(_inputName, _inputs[0].AsSpan<float>());
        _guarded.Session(0).Run(_inputs, _guardedOutputs);
        return _monitor.Observe(_guardedOutputs[1].AsSpan<float>());
    }

    /// <summary>
    /// The input guard, then one tile through a guarded model on owned weights without the extremes
    /// output (clips only). Without the gated bounds of reporting ORT fuses every guard on a Conv's
    /// output into the Conv, even where a stand-alone Clip is cheaper, so this is not a lower bound.
    /// </summary>
    [Benchmark]
    public void RangeGuardedClipsOnly()
    {
        _clipsOnlyInput.GuardInput(_inputName, _inputs[0].AsSpan<float>());
        _clipsOnly.Session(0).Run(_inputs, _outputs);
    }

    /// <summary>One durable checkpoint write (temporary file, fdatasync, exchange with the slot, directory fsync) of a progress record with a tile's class map.</summary>
    [Benchmark]
    public long CheckpointWrite() => _store.Write(_progress);

    /// <summary>
    /// Reference for <see cref="CheckpointWrite"/> on the same disk in the same run: the store's
    /// previous write path, a new temporary file per write, fsync, rename over the slot.
    /// </summary>
    [Benchmark]
    public void CheckpointWriteNewFileFsyncRename()
    {
        string slot = Path.Combine(_checkpointDirectory, "reference.bin");
        using (var file = new FileStream(slot + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(_progress);
            file.Flush(flushToDisk: true);
        }

        File.Move(slot + ".tmp", slot, overwrite: true);
    }

    private static RedundantSession Replicas(OnnxModel model, RedundancyMode mode) =>
        RedundantSession.FromModel(model, new RedundantSessionOptions { Mode = mode, IntraOpThreads = 1 });

    private sealed class WallAndCpuTime : ManualConfig
    {
        public WallAndCpuTime()
        {
            Job inProcess = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
            AddJob(inProcess.WithId("WallClock"));
            AddJob(inProcess.WithClock(ProcessCpuClock.Instance).WithId("CpuTime"));
            AddColumn(StatisticColumn.Median);
        }
    }
}
