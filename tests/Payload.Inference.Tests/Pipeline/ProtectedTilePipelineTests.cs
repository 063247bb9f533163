using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Hardening;
using Payload.Inference.Manifests;
using Payload.Inference.Onnx;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Payload.Inference.Tests.Hardening;

namespace Payload.Inference.Tests.Pipeline;

public class ProtectedTilePipelineTests
{
    private const int Tile = 32;
    private static readonly OnnxModel Model = LandCoverModel.Build();

    // 96 x 64 in tiles of 32 without overlap: 3 x 2 = 6 tiles.
    private readonly MultispectralScene _scene = new SyntheticSceneGenerator(96, 64).Generate(11).Scene;
    private readonly MultispectralScene _otherScene = new SyntheticSceneGenerator(96, 64).Generate(12).Scene;

    private static ModelManifest Manifest() => new()
    {
        Name = LandCoverModel.Name,
        Version = LandCoverModel.Version,
        InputName = LandCoverModel.InputName,
        OutputName = LandCoverModel.OutputName,
        Bands = LandCoverModel.Manifest().Bands,
        Scale = LandCoverModel.Manifest().Scale,
        Offset = LandCoverModel.Manifest().Offset,
        TileSize = Tile,
        TileOverlap = 0,
        Classes = LandCoverModel.Classes,
        Decoding = new OutputDecoding { Kind = DecodingKind.Argmax, Axis = 1 },
    };

    private static RedundantSession Replicas(RedundancyMode mode, OnnxModel? model = null) =>
        RedundantSession.FromModel(model ?? Model, new RedundantSessionOptions { Mode = mode, IntraOpThreads = 1 });

    /// <summary>Class maps of <paramref name="scene"/> from an unprotected pipeline on the model file.</summary>
    private static byte[][] GoldenTiles(MultispectralScene scene)
    {
        using InferenceSession session = InferenceSession.FromBytes(Model.ToBytes(), new SessionOptions { IntraOpThreads = 1 });
        using TilePipeline pipeline = new(session, Manifest());
        return [.. pipeline.Process(scene).Tiles.Select(t => t.ClassMap.ToArray())];
    }

    private static void CorruptConvWeight(RedundantSession session, int replica) =>
        HardeningTestData.FlipExponent(ConvWeight(session, replica), 0);

    private static TensorBuffer ConvWeight(RedundantSession session, int replica) => HardeningTestData.ConvWeight(session.Weights(replica));

    [TestCase(RedundancyMode.None)]
    [TestCase(RedundancyMode.Dmr)]
    [TestCase(RedundancyMode.Tmr)]
    public void Fault_free_protected_products_equal_the_unprotected_ones_with_no_disagreement(RedundancyMode mode)
    {
        using RedundantSession session = Replicas(mode);
        using TilePipeline pipeline = new(new TileProtection { Session = session }, Manifest());

        SceneProducts products = pipeline.Process(_scene);

        Assert.That(products.Tiles.Select(t => t.ClassMap.ToArray()), Is.EqualTo(GoldenTiles(_scene)));
        Assert.That(products.Tiles.Any(t => t.Suspect), Is.False);
        TileProtectionCounters counters = pipeline.Counters!;
        Assert.That(counters.Tiles, Is.EqualTo(6));
        Assert.That(counters.Voting.Runs, Is.EqualTo(6));
        Assert.That(counters.Voting.DisagreeingRuns, Is.Zero);
        Assert.That(new[] { counters.Disagreements(0), counters.Disagreements(1), counters.Disagreements(2) }, Is.All.Zero);
    }

    [TestCase(RedundancyMode.Tmr, 0)]
    [TestCase(RedundancyMode.Tmr, 1)]
    [TestCase(RedundancyMode.Tmr, 2)]
    [TestCase(RedundancyMode.Dmr, 0)]
    [TestCase(RedundancyMode.Dmr, 1)]
    public void A_corrupted_replica_is_outvoted_on_every_tile_and_the_products_stay_golden(RedundancyMode mode, int replica)
    {
        using RedundantSession session = Replicas(mode);
        CorruptConvWeight(session, replica);
        using TilePipeline pipeline = new(new TileProtection { Session = session }, Manifest());

        SceneProducts products = pipeline.Process(_scene);

        Assert.That(products.Tiles.Select(t => t.ClassMap.ToArray()), Is.EqualTo(GoldenTiles(_scene)));
        TileProtectionCounters counters = pipeline.Counters!;
        Assert.That(counters.Disagreements(replica), Is.EqualTo(6));
        Assert.That(Enumerable.Range(0, 3).Where(r => r != replica).Select(counters.Disagreements), Is.All.Zero);
        Assert.That(counters.Voting.CorrectedRuns, Is.EqualTo(6));
        Assert.That(counters.SuspectTiles, Is.Zero);
    }

    [Test]
    public void Replicas_that_all_disagree_leave_every_tile_flagged_suspect()
    {
        using RedundantSession session = Replicas(RedundancyMode.Tmr);
        // A mantissa bit (bit 18) of a different element per replica: three slightly different outputs almost everywhere.
        for (int r = 0; r < 3; r++)
        {
            ConvWeight(session, r).AsBytes()[(r * sizeof(float)) + 2] ^= 0x04;
        }

        using TilePipeline pipeline = new(new TileProtection { Session = session }, Manifest());

        SceneProducts products = pipeline.Process(_scene);

        Assert.That(pipeline.Counters!.Voting.UnresolvedRuns, Is.GreaterThan(0));
        Assert.That(products.Tiles.Count(t => t.Suspect), Is.EqualTo(pipeline.Counters.Voting.UnresolvedRuns));
        Assert.That(pipeline.Counters.SuspectTiles, Is.EqualTo(pipeline.Counters.Voting.UnresolvedRuns));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void A_weight_block_corrupted_before_a_scene_is_repaired_by_the_scrub_and_the_tiles_it_touched_are_rerun(int batchSize)
    {
        using RedundantSession session = Replicas(RedundancyMode.None);
        var clock = new SteppingClock();
        WeightScrubber scrubber = WeightScrubber.For(session, new WeightScrubberOptions { BlockSize = 64, Period = TimeSpan.FromSeconds(3) }, clock);
        CorruptConvWeight(session, 0);
        // A third of the blocks per run (half with only two runs of four tiles): the bad block is found a few runs in.
        int runs = (6 + batchSize - 1) / batchSize;
        clock.Step = TimeSpan.FromSeconds(3.0 / Math.Min(3, runs));
        using TilePipeline pipeline = new(new TileProtection { Session = session, Scrubber = scrubber }, Manifest(), new TilePipelineOptions { BatchSize = batchSize });

        SceneProducts products = pipeline.Process(_scene);

        TileProtectionCounters counters = pipeline.Counters!;
        Assert.That(counters.Repairs, Is.EqualTo(1));
        Assert.That(counters.RerunTiles, Is.InRange(1, 6));
        Assert.That(counters.Tiles, Is.EqualTo(6 + counters.RerunTiles));
        Assert.That(products.Tiles.Select(t => t.ClassMap.ToArray()), Is.EqualTo(GoldenTiles(_scene)));
        Assert.That(products.Tiles.Any(t => t.Suspect), Is.False);
        Assert.That(counters.SuspectTiles, Is.Zero);
    }

    [Test]
    public void With_flag_handling_every_tile_computed_on_the_corrupted_block_is_marked_suspect_and_none_after_the_repair()
    {
        using RedundantSession session = Replicas(RedundancyMode.None);
        var clock = new SteppingClock();
        WeightScrubber scrubber = WeightScrubber.For(session, new WeightScrubberOptions { BlockSize = 64, Period = TimeSpan.FromSeconds(3) }, clock);
        var faults = new List<WeightBlockFault>();
        scrubber.BlockFaulted += (_, f) => faults.Add(f);
        CorruptConvWeight(session, 0);
        clock.Step = TimeSpan.FromSeconds(1);
        using TilePipeline pipeline = new(new TileProtection { Session = session, Scrubber = scrubber, SuspectTiles = SuspectTileHandling.Flag }, Manifest());

        SceneProducts products = pipeline.Process(_scene);

        byte[][] golden = GoldenTiles(_scene);
        Assert.That(faults, Has.Count.EqualTo(1));
        long suspectCount = faults[0].LastSuspectResult - faults[0].FirstSuspectResult + 1;
        Assert.That(products.Tiles.Take((int)suspectCount).Select(t => t.Suspect), Is.All.True);
        Assert.That(products.Tiles.Skip((int)suspectCount).Select(t => t.Suspect), Is.All.False);
        for (int i = 0; i < products.Tiles.Count; i++)
        {
            bool wrong = !products.Tiles[i].ClassMap.SequenceEqual(golden[i]);
            Assert.That(!wrong || products.Tiles[i].Suspect, Is.True, $"tile {i} differs from golden but is not flagged");
        }

        Assert.That(pipeline.Counters!.SuspectTiles, Is.EqualTo(suspectCount));
        Assert.That(pipeline.Counters.RerunTiles, Is.Zero);
    }

    [Test]
    public void Suspect_results_of_an_earlier_scene_are_counted_and_only_the_current_scene_is_rerun()
    {
        using RedundantSession session = Replicas(RedundancyMode.None);
        var clock = new SteppingClock();
        WeightScrubber scrubber = WeightScrubber.For(session, new WeightScrubberOptions { BlockSize = 64, Period = TimeSpan.FromSeconds(3) }, clock);
        using TilePipeline pipeline = new(new TileProtection { Session = session, Scrubber = scrubber }, Manifest());
        CorruptConvWeight(session, 0);
        pipeline.Process(_scene); // the clock stands still: no block is due, the fault goes unseen

        clock.Step = TimeSpan.FromSeconds(3); // a full pass after the first tile of the next scene
        SceneProducts products = pipeline.Process(_otherScene);

        TileProtectionCounters counters = pipeline.Counters!;
        Assert.That(counters.Repairs, Is.EqualTo(1));
        Assert.That(counters.SuspectEarlierResults, Is.EqualTo(6));
        Assert.That(counters.RerunTiles, Is.EqualTo(1));
        Assert.That(products.Tiles.Select(t => t.ClassMap.ToArray()), Is.EqualTo(GoldenTiles(_otherScene)));
    }

    [Test]
    public void Range_guard_hits_are_counted_per_tile_and_in_the_counters()
    {
        GuardedModel guarded = RangeGuard.Harden(Model, RangeGuard.Profile(Model, CalibrationTiles()));
        using RedundantSession session = Replicas(RedundancyMode.None, guarded.Model);
        var guards = new RangeGuardMonitor(guarded);
        using TilePipeline pipeline = new(new TileProtection { Session = session, Guards = guards }, Manifest());

        SceneProducts clean = pipeline.Process(_scene);
        Assert.That(clean.Tiles.Select(t => t.RangeGuardHits), Is.All.Zero, "profiled on these very tiles");
        Assert.That(pipeline.Counters!.GuardHits, Is.Zero);

        CorruptConvWeight(session, 0);
        SceneProducts hit = pipeline.Process(_scene);

        Assert.That(hit.Tiles.Select(t => t.RangeGuardHits), Is.All.GreaterThan(0));
        Assert.That(pipeline.Counters.GuardHitRuns, Is.EqualTo(6));
        Assert.That(pipeline.Counters.GuardHits, Is.EqualTo(hit.Tiles.Sum(t => t.RangeGuardHits)));
    }

    [Test]
    public void A_saturated_sample_is_put_on_the_input_guards_bound_and_only_its_tile_counts_the_hit()
    {
        GuardedModel guarded = RangeGuard.Harden(Model, RangeGuard.Profile(Model, CalibrationTiles()));
        using RedundantSession session = Replicas(RedundancyMode.None, guarded.Model);
        using TilePipeline pipeline = new(new TileProtection { Session = session, Guards = new RangeGuardMonitor(guarded) }, Manifest());
        MultispectralScene scene = new SyntheticSceneGenerator(96, 64).Generate(11).Scene;
        scene.Band(0)[(10 * 96) + 40] = scene.MaxSampleValue; // in tile 1 (x 32..63, y 0..31)

        SceneProducts products = pipeline.Process(scene);

        Assert.That(guarded.Inputs, Is.EqualTo(new[] { LandCoverModel.InputName }));
        Assert.That(products.Tiles.Select(t => t.RangeGuardHits), Is.EqualTo(new[] { 0, 1, 0, 0, 0, 0 }));
        Assert.That(pipeline.Counters!.GuardHits, Is.EqualTo(1));
        Assert.That(products.Tiles.Where((_, i) => i != 1).Select(t => t.ClassMap.ToArray()), Is.EqualTo(GoldenTiles(_scene).Where((_, i) => i != 1)));
    }

    [Test]
    public void Guards_on_a_model_without_an_extremes_output_are_refused_naming_it()
    {
        GuardedModel clipsOnly = RangeGuard.Harden(Model, RangeGuard.Profile(Model, CalibrationTiles()), new RangeGuardOptions { ReportHits = false });
        using RedundantSession session = Replicas(RedundancyMode.None, clipsOnly.Model);

        Assert.That(
            () => new TilePipeline(new TileProtection { Session = session, Guards = new RangeGuardMonitor(clipsOnly) }, Manifest()),
            Throws.ArgumentException.With.Message.Contains("extremes output").And.Message.Contains(LandCoverModel.OutputName));
    }

    [Test]
    public void Another_scene_under_dmr_with_scrubbing_and_guards_allocates_nothing()
    {
        GuardedModel guarded = RangeGuard.Harden(Model, RangeGuard.Profile(Model, CalibrationTiles()));
        using RedundantSession session = Replicas(RedundancyMode.Dmr, guarded.Model);
        var clock = new SteppingClock { Step = TimeSpan.FromSeconds(1) };
        WeightScrubber scrubber = WeightScrubber.For(session, new WeightScrubberOptions { BlockSize = 64, Period = TimeSpan.FromSeconds(3) }, clock);
        using TilePipeline pipeline = new(new TileProtection { Session = session, Scrubber = scrubber, Guards = new RangeGuardMonitor(guarded) }, Manifest());
        SceneProducts products = pipeline.CreateProducts(96, 64);
        pipeline.Process(_scene, products);

        long before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.Process(_otherScene, products);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(scrubber.BlocksChecked, Is.GreaterThan(0));
        Assert.That(pipeline.Counters!.Tiles, Is.EqualTo(12));
    }

    [Test]
    public void An_unprotected_pipeline_has_no_counters_and_never_flags()
    {
        using InferenceSession session = InferenceSession.FromBytes(Model.ToBytes(), new SessionOptions { IntraOpThreads = 1 });
        using TilePipeline pipeline = new(session, Manifest());

        Assert.That(pipeline.Counters, Is.Null);
        Assert.That(pipeline.Process(_scene).Tiles.Any(t => t.Suspect || t.RangeGuardHits > 0), Is.False);
    }

    /// <summary>The normalised input of every tile of both test scenes, as the pipeline writes them.</summary>
    private List<IReadOnlyList<NamedTensor>> CalibrationTiles()
    {
        var tiles = new List<IReadOnlyList<NamedTensor>>();
        foreach (MultispectralScene scene in new[] { _scene, _otherScene })
        {
            var writer = new TileInputWriter(Manifest(), scene.BandNames, Tile);
            var grid = new TileGrid(scene.Width, scene.Height, Tile, 0);
            for (int i = 0; i < grid.Count; i++)
            {
                float[] input = new float[writer.ElementsPerTile];
                writer.Write(scene, grid[i], input);
                tiles.Add([NamedTensor.Create<float>(LandCoverModel.InputName, input, 1, 4, Tile, Tile)]);
            }
        }

        return tiles;
    }

    /// <summary>A clock that moves by <see cref="Step"/> every time it is read, so a paced scrubber advances per run.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public TimeSpan Step { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks += Step.Ticks;
    }
}
