using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Payload.Inference.DefaultModel;
using Payload.Inference.Hardening;
using Payload.Inference.Onnx;
using Payload.Inference.Runtime;

namespace Payload.Benchmarks.Inference;

/// <summary>
/// Issue 5: each protection against the bare run of the default model on the same 256 x 256 tile
/// (the baseline: one <see cref="InferenceSession"/> on owned weights, graph optimisation Extended
/// as the protected sessions use, one intra-op thread). Targets: Dmr fault-free ≤ 2.1×, Tmr ≤ 3.15×, bare run +
/// scrubbing at the default period ≤ 3 %, range guards ≤ 3 %, one checkpoint write ≤ 2 ms.
/// The machine is shared: compare the Min column, which load inflates least.
/// Run: <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*HardeningBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(ShortInProcess))]
public class HardeningBenchmarks
{
    private const int Side = LandCoverModel.TileSize;

    private InferenceSession _bare = null!;
    private RedundantSession _dmr = null!;
    private RedundantSession _tmr = null!;
    private OwnedWeights _weights = null!;
    private InferenceSession _owned = null!;
    private WeightScrubber _scrubber = null!;
    private InferenceSession _guardedSession = null!;
    private RangeGuardMonitor _monitor = null!;
    private InferenceSession _clipsOnlySession = null!;
    private TensorBuffer[] _inputs = null!;
    private TensorBuffer[] _outputs = null!;
    private TensorBuffer[] _secondOutputs = null!;
    private TensorBuffer[] _guardedOutputs = null!;
    private CheckpointStore _store = null!;
    private byte[] _progress = null!;
    private string _checkpointDirectory = null!;

    [GlobalSetup]
    public void Setup()
    {
        OnnxModel model = LandCoverModel.Build();
        var options = new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended };
        _bare = InferenceSession.FromBytes(model.ToBytes(), options);
        _dmr = RedundantSession.FromModel(model, new RedundantSessionOptions { Mode = RedundancyMode.Dmr, IntraOpThreads = 1 });
        _tmr = RedundantSession.FromModel(model, new RedundantSessionOptions { Mode = RedundancyMode.Tmr, IntraOpThreads = 1 });
        _weights = OwnedWeights.FromModel(model);
        _owned = InferenceSession.FromBytes(model.ToBytes(), new SessionOptions { IntraOpThreads = 1, GraphOptimization = GraphOptimizationLevel.Extended, Initializers = _weights.Buffers });
        _scrubber = new WeightScrubber(_weights.Buffers);

        TensorBuffer input = TensorBuffer.Create<float>(1, 4, Side, Side);
        var random = new Random(5);
        foreach (ref float v in input.AsSpan<float>())
        {
            v = (float)random.NextDouble();
        }

        _inputs = [input];
        _outputs = [TensorBuffer.Create<float>(1, 4, Side, Side)];
        _secondOutputs = [TensorBuffer.Create<float>(1, 4, Side, Side)];

        NamedTensor[] calibration = [NamedTensor.Create<float>(LandCoverModel.InputName, input.AsSpan<float>(), 1, 4, Side, Side)];
        GuardedModel guarded = RangeGuard.Harden(model, RangeGuard.Profile(model, [calibration]));
        _guardedSession = InferenceSession.FromBytes(guarded.Model.ToBytes(), options);
        _monitor = new RangeGuardMonitor(guarded);
        GuardedModel clipsOnly = RangeGuard.Harden(model, RangeGuard.Profile(model, [calibration]), new RangeGuardOptions { ReportHits = false });
        _clipsOnlySession = InferenceSession.FromBytes(clipsOnly.Model.ToBytes(), options);
        _guardedOutputs = [TensorBuffer.Create<float>(1, 4, Side, Side), TensorBuffer.Create<float>(2 * guarded.Tensors.Count)];

        // Both replicas' outputs of the same tile, for the vote-only benchmark.
        _dmr.Session(0).Run(_inputs, _outputs);
        _dmr.Session(1).Run(_inputs, _secondOutputs);

        _checkpointDirectory = Directory.CreateTempSubdirectory("payload-bench-ckpt-").FullName;
        _store = new CheckpointStore(_checkpointDirectory);
        _progress = new PipelineProgress
        {
            SceneId = "scene-0001", SceneIndex = 1, NextTile = 17, ModelHash = new byte[32],
            ApidSequenceCounts = new Dictionary<ushort, ushort> { [0x100] = 1, [0x101] = 2 },
            FrameCount = 12345, PartialProducts = new byte[Side * Side],
        }.ToBytes();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _dmr.Dispose();
        _tmr.Dispose();
        _owned.Dispose();
        _weights.Dispose();
        _guardedSession.Dispose();
        _clipsOnlySession.Dispose();
        Directory.Delete(_checkpointDirectory, recursive: true);
    }

    /// <summary>The baseline: one tile through one session on owned weights, as every replica runs.</summary>
    [Benchmark(Baseline = true)]
    public void BareOwned() => _owned.Run(_inputs, _outputs);

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

    /// <summary>One tile on owned weights, then the scrubber's due blocks at its default period.</summary>
    [Benchmark]
    public int BareWithScrubbing()
    {
        _owned.Run(_inputs, _outputs);
        _scrubber.RecordResult();
        return _scrubber.ScrubDue();
    }

    /// <summary>One tile through the guarded model, then counting its hits.</summary>
    [Benchmark]
    public int RangeGuarded()
    {
        _guardedSession.Run(_inputs, _guardedOutputs);
        return _monitor.Observe(_guardedOutputs[1].AsSpan<float>());
    }

    /// <summary>One tile through a guarded model without the extremes output (clips only).</summary>
    [Benchmark]
    public void RangeGuardedClipsOnly() => _clipsOnlySession.Run(_inputs, _outputs);

    /// <summary>One tile through one session on the weights in the model file (no owned buffers).</summary>
    [Benchmark]
    public void Bare() => _bare.Run(_inputs, _outputs);

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

    private sealed class ShortInProcess : ManualConfig
    {
        public ShortInProcess() => AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance));
    }
}
