using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Services;
using Payload.Flight.Tests.Support;
using Payload.Inference.Hardening;
using Payload.Telemetry.Products;

namespace Payload.Flight.Tests.Services;

public sealed class SceneServiceTests
{
    // The default model finds water over half of tiles 5 and 8 of the simulated scene with seed 8 (a flood alert each).
    private const uint FloodSeed = 8;
    private const int SceneEdge = 512;
    private const int SceneTiles = 9; // a 512 x 512 simulated scene in 256-pixel tiles overlapping by 8: 3 x 3

    private static readonly ProductDecoder Decoder = new();

    [Test]
    public void A_scene_becomes_alerts_class_and_confidence_maps_per_tile_then_a_quicklook_and_a_summary_stating_the_tile_count()
    {
        using FlightBench bench = OperatingBench();
        bench.Send("IMAGE_SCENES", "1", $"{FloodSeed}");

        bench.RunScenes(TimeSpan.FromSeconds(5));

        List<(ApidDefinition Apid, DecodedProduct Product)> products = Decoded(bench);
        Assert.That(products.Select(p => p.Product.Header.SceneId), Has.All.EqualTo(FloodSeed));
        var tiles = products.Where(p => p.Product.Header.TileId != ProductHeader.WholeScene).ToList();
        Assert.That(tiles.Where(p => p.Product.Header.Kind == ProductKind.ClassMap).Select(p => (int)p.Product.Header.TileId), Is.EqualTo(Enumerable.Range(0, SceneTiles)));
        Assert.That(tiles.Where(p => p.Product.Header.Kind == ProductKind.ConfidenceMap).Select(p => (int)p.Product.Header.TileId), Is.EqualTo(Enumerable.Range(0, SceneTiles)));
        Assert.That(tiles.Where(p => p.Product.Header.Kind == ProductKind.Alert).Select(p => (int)p.Product.Header.TileId), Is.EqualTo(new[] { 5, 8 }));
        Assert.That(products.Where(p => p.Product.Header.Kind == ProductKind.Alert).Select(p => p.Apid), Has.All.EqualTo(FlightDictionary.AlertApid));
        Assert.That(products.Where(p => p.Product.Header.Kind != ProductKind.Alert).Select(p => p.Apid), Has.All.EqualTo(FlightDictionary.ProductApid));
        Assert.That(products.Select(p => p.Product.Header.Kind).TakeLast(2), Is.EqualTo(new[] { ProductKind.QuicklookRgb, ProductKind.SceneSummary }));

        DecodedProduct summary = products[^1].Product;
        Assert.That(summary.Summary!.Value.TileCount, Is.EqualTo(SceneTiles));
        Assert.That(summary.Samples.Sum(c => (long)c), Is.EqualTo((long)SceneEdge * SceneEdge), "pixels per class cover the scene once");
        Assert.That(bench.Sink.Events.Count(e => e.Id == FlightDictionary.SceneProcessed.Id), Is.EqualTo(1));
        Assert.That(bench.Scenes!.AlertsRaised, Is.EqualTo(2));
    }

    [Test]
    public void An_alert_leaves_before_its_tiles_class_map_and_carries_class_area_confidence_and_capture_time()
    {
        using FlightBench bench = OperatingBench();
        DateTimeOffset commanded = bench.Clock.GetUtcNow();
        bench.Send("IMAGE_SCENES", "1", $"{FloodSeed}");

        AdvanceUntil(bench, () => bench.Executive.TilesProcessed >= 6);

        List<DecodedProduct> tile5 = [.. Decoded(bench).Select(p => p.Product).Where(p => p.Header.TileId == 5)];
        Assert.That(tile5.Select(p => p.Header.Kind), Is.EqualTo(new[] { ProductKind.Alert, ProductKind.ClassMap, ProductKind.ConfidenceMap }));
        AlertDetail alert = tile5[0].Alert!.Value;
        Assert.That(alert.ClassIndex, Is.EqualTo(1), "water");
        Assert.That(alert.AreaFraction, Is.GreaterThanOrEqualTo(0.5));
        Assert.That(alert.Confidence, Is.InRange(0.0, 1.0));
        Assert.That(Math.Max(tile5[0].Header.Width, tile5[0].Header.Height), Is.LessThanOrEqualTo(Payload.Flight.Products.SceneProductEncoder.ThumbnailEdge));
        Assert.That(tile5[0].Header.CaptureTime, Is.EqualTo(commanded).Within(TimeSpan.FromMilliseconds(20)), "capture time on the board clock");
    }

    [Test]
    public void The_boot_warm_up_sends_no_product_raises_no_alert_and_runs_no_tile()
    {
        using FlightBench bench = OperatingBench();

        Assert.That(bench.Sink.Products, Is.Empty);
        Assert.That(bench.Scenes!.AlertsRaised, Is.Zero);
        Assert.That(bench.Scenes.TilesProcessed, Is.Zero);
    }

    [Test]
    public async Task A_capture_that_waits_for_the_simulated_render_delivers_every_tile_and_alert_of_the_scene()
    {
        using FlightBench bench = OperatingBench();
        bench.Scenes!.CaptureWhenRendered = true;
        bench.Send("IMAGE_SCENES", "1", $"{FloodSeed}");

        // The render the service asked for (the same task): board time would race ahead of it in real time otherwise.
        await bench.Board.Simulation!.Camera("camera").RenderAhead((int)FloodSeed).WaitAsync(TimeSpan.FromMinutes(1));
        bench.RunScenes(TimeSpan.FromSeconds(5));

        List<DecodedProduct> tiles = [.. Decoded(bench).Select(p => p.Product).Where(p => p.Header.TileId != ProductHeader.WholeScene)];
        Assert.That(tiles.Where(p => p.Header.Kind == ProductKind.ClassMap).Select(p => (int)p.Header.TileId), Is.EqualTo(Enumerable.Range(0, SceneTiles)));
        Assert.That(tiles.Where(p => p.Header.Kind == ProductKind.Alert).Select(p => (int)p.Header.TileId), Is.EqualTo(new[] { 5, 8 }));
    }

    [Test]
    public void Tiles_are_paced_to_the_commanded_tile_rate_on_the_board_clock()
    {
        using FlightBench bench = OperatingBench();
        bench.Send("SET_TILE_RATE_LIMIT", "2");
        bench.Send("IMAGE_SCENES", "1", "3");

        bench.Advance(TimeSpan.FromSeconds(1.5));

        // One tile at once, then one every half second: at 0, 0.5, 1.0 and 1.5 s at most.
        Assert.That(bench.Executive.TilesProcessed, Is.InRange(3, 4));
        Assert.That(bench.Executive.AllowedTileRate, Is.EqualTo(2));
    }

    [Test]
    public void Tiles_wait_while_the_product_channel_is_backed_up()
    {
        using FlightBench bench = OperatingBench();
        bench.Sink.Backlog = SceneService.ProductBacklogBound + 1;
        bench.Send("IMAGE_SCENES", "1", "3");

        bench.Advance(TimeSpan.FromSeconds(1));
        long whileBackedUp = bench.Executive.TilesProcessed;
        bench.Sink.Backlog = 0;
        bench.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That(whileBackedUp, Is.Zero);
        Assert.That(bench.Executive.TilesProcessed, Is.InRange(1, SceneService.MaxTilesPerPoll));
    }

    [Test]
    public void Nothing_runs_outside_operate_and_the_scene_goes_on_when_operate_returns()
    {
        using FlightBench bench = OperatingBench();
        bench.Send("IMAGE_SCENES", "1", "3");
        bench.Advance(TimeSpan.FromMilliseconds(10));
        long before = bench.Executive.TilesProcessed;

        bench.Send("SET_MODE", "IDLE");
        bench.Advance(TimeSpan.FromSeconds(1));
        long inIdle = bench.Executive.TilesProcessed;
        bench.Send("SET_MODE", "OPERATE");
        bench.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That(before, Is.EqualTo(1));
        Assert.That(inIdle, Is.EqualTo(before));
        Assert.That(bench.Executive.TilesProcessed, Is.EqualTo(2));
        Assert.That(bench.Scenes!.NextTile, Is.EqualTo(2), "the same scene goes on at its next tile");
    }

    [Test]
    public void After_a_kill_the_scene_resumes_at_the_exact_tile_with_new_sequence_counts_and_its_queue()
    {
        string state = Directory.CreateTempSubdirectory("scene-resume-").FullName;
        try
        {
            List<(ApidDefinition Apid, int SequenceCount, byte[] Data)> before;
            using (FlightBench first = OperatingBench(state))
            {
                first.Send("IMAGE_SCENES", "2", $"{FloodSeed}");
                AdvanceUntil(first, () => first.Executive.TilesProcessed >= 4);

                before = first.Sink.SentProducts;
                // Killed here: no orderly shutdown, only what the checkpoints hold survives.
            }

            using FlightBench second = OperatingBench(state, start: false);
            second.Executive.Start();
            int resumedAt = second.Scenes!.NextTile;
            Assert.That(second.Executive.QueuedScenes, Is.EqualTo(1), "the second scene is still queued");
            second.Send("SET_MODE", "OPERATE");
            AdvanceUntil(second, () => second.Scenes.NextTile == 0 && second.Executive.TilesProcessed > 0);

            var sentBefore = before.Select(p => Decoder.Decode(p.Data)).Where(p => p.Header.Kind == ProductKind.ClassMap).Select(p => (int)p.Header.TileId).ToList();
            var sentAfter = second.Sink.SentProducts.Select(p => Decoder.Decode(p.Data))
                .Where(p => p.Header.Kind == ProductKind.ClassMap && p.Header.SceneId == FloodSeed).Select(p => (int)p.Header.TileId).ToList();
            Assert.That(resumedAt, Is.EqualTo(4), "tiles 0..3 were handed to the downlink and checkpointed");
            Assert.That(sentBefore.Concat(sentAfter), Is.EqualTo(Enumerable.Range(0, SceneTiles)), "every tile once");
            Assert.That(second.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.SceneResumed.Id));
            Assert.That(second.Sink.SentProducts.Last(p => p.Apid == FlightDictionary.ProductApid).Data, Is.Not.Empty);
            Assert.That(Decoder.Decode(second.Sink.SentProducts.Last().Data).Summary!.Value.TileCount, Is.EqualTo(SceneTiles), "the summary covers the whole scene");
            Assert.That(second.Sink.SentProducts.Select(p => Decoder.Decode(p.Data).Header.CaptureTime).Distinct().Count(), Is.EqualTo(1), "resumed products keep the capture time");
            foreach (ApidDefinition apid in new[] { FlightDictionary.ProductApid, FlightDictionary.AlertApid })
            {
                var countsBefore = before.Where(p => p.Apid == apid).Select(p => p.SequenceCount).ToHashSet();
                var countsAfter = second.Sink.SentProducts.Where(p => p.Apid == apid).Select(p => p.SequenceCount).ToList();
                Assert.That(countsAfter.Intersect(countsBefore), Is.Empty, $"no {apid.Name} sequence count is used twice");
                Assert.That(countsAfter, Is.Ordered.And.Unique);
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Scenes_queued_by_image_scenes_survive_a_kill_before_their_first_tile()
    {
        string state = Directory.CreateTempSubdirectory("scene-queued-").FullName;
        try
        {
            using (FlightBench first = OperatingBench(state))
            {
                ushort tag = first.Send("IMAGE_SCENES", "2", "3");
                Assert.That(first.AcknowledgementsFor(tag).Last().Stage, Is.EqualTo(AcknowledgementStage.Completed));
                Assert.That(first.Executive.TilesProcessed, Is.Zero, "killed before any tile ran");
            }

            using FlightBench second = OperatingBench(state, start: false);
            second.Executive.Start();

            Assert.That(second.Sink.Events.Select(e => e.Id), Does.Not.Contain(FlightDictionary.CheckpointRejected.Id));
            Assert.That(second.Scenes!.QueuedScenes, Is.EqualTo(2));
            Assert.That(second.Sink.Events.Single(e => e.Id == FlightDictionary.SceneResumed.Id).Text, Does.Contain("none"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void A_corrupt_newest_checkpoint_is_an_event_and_the_other_slot_resumes_one_tile_earlier()
    {
        string state = Directory.CreateTempSubdirectory("scene-corrupt-").FullName;
        try
        {
            using (FlightBench first = OperatingBench(state))
            {
                first.Send("IMAGE_SCENES", "1", "3");
                AdvanceUntil(first, () => first.Executive.TilesProcessed >= 3);
            }

            string checkpoints = Path.Combine(state, "checkpoints");
            string newest = CheckpointStore.SlotFileNames.Select(n => Path.Combine(checkpoints, n)).OrderByDescending(File.GetLastWriteTimeUtc).First();
            byte[] bytes = File.ReadAllBytes(newest);
            bytes[^10] ^= 0x40;
            File.WriteAllBytes(newest, bytes);

            using FlightBench second = OperatingBench(state, start: false);
            second.Executive.Start();

            Assert.That(second.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.CheckpointRejected.Id));
            Assert.That(second.Sink.Events.Single(e => e.Id == FlightDictionary.CheckpointRejected.Id).Text, Does.Contain("CRC-32C"));
            Assert.That(second.Scenes!.NextTile, Is.EqualTo(2));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void A_checkpoint_that_is_not_scene_progress_is_an_event_and_the_payload_starts_fresh()
    {
        string state = Directory.CreateTempSubdirectory("scene-garbage-").FullName;
        try
        {
            new CheckpointStore(Path.Combine(state, "checkpoints")).Write([9, 9, 9]);

            using FlightBench bench = OperatingBench(state, start: false);
            bench.Executive.Start();

            Assert.That(bench.Sink.Events.Single(e => e.Id == FlightDictionary.CheckpointRejected.Id).Text, Does.Contain("format 9"));
            Assert.That(bench.Scenes!.Busy, Is.False);
            Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Not.Contain(FlightDictionary.SceneResumed.Id));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Using_half_the_reserved_sequence_counts_writes_a_checkpoint_even_without_scenes()
    {
        using FlightBench bench = OperatingBench();
        bench.Advance(TimeSpan.FromMilliseconds(10));
        long before = bench.Scenes!.CheckpointsWritten;

        for (int i = 0; i < SceneCheckpoint.SequenceReserve / 2; i++)
        {
            bench.Executive.Events.Emit(FlightDictionary.HardwareEvent, "test", i);
        }

        bench.Advance(TimeSpan.FromMilliseconds(10));
        bench.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That(before, Is.Zero);
        Assert.That(bench.Scenes.CheckpointsWritten, Is.EqualTo(1));
    }

    [Test]
    public void Resend_tiles_images_the_scene_again_and_sends_the_same_maps_for_those_tiles()
    {
        using FlightBench bench = OperatingBench();
        bench.Send("SET_TILE_RATE_LIMIT", "100");
        bench.Send("IMAGE_SCENES", "1", "3");
        bench.RunScenes(TimeSpan.FromSeconds(5));
        var original = Decoded(bench).Select(p => p.Product).Where(p => p.Header.Kind == ProductKind.ClassMap).ToDictionary(p => p.Header.TileId);
        bench.Sink.SentProducts.Clear();

        ushort tag = bench.Send("RESEND_TILES", "3", "7", "2");
        bench.RunScenes(TimeSpan.FromSeconds(5));

        Assert.That(bench.AcknowledgementsFor(tag).Last().Stage, Is.EqualTo(AcknowledgementStage.Completed));
        var resent = Decoded(bench).Select(p => p.Product).ToList();
        Assert.That(resent.Select(p => (p.Header.Kind, (int)p.Header.TileId)), Is.EqualTo(new[]
        {
            (ProductKind.ClassMap, 7), (ProductKind.ConfidenceMap, 7), (ProductKind.ClassMap, 8), (ProductKind.ConfidenceMap, 8),
        }));
        Assert.That(resent[0].Samples, Is.EqualTo(original[7].Samples));
        Assert.That(resent[2].Samples, Is.EqualTo(original[8].Samples));
        Assert.That(bench.Sink.Events.Last(e => e.Id == FlightDictionary.TilesResent.Id).Text, Is.EqualTo("scene seed 3: 2 tile(s) from tile 7 re-sent"));
        Assert.That(bench.Scenes!.TilesResent, Is.EqualTo(2));
    }

    [TestCase("9", "1", "tiles 9..9 are outside the scene's tiles 0..8")]
    [TestCase("4", "6", "tiles 4..9 are outside the scene's tiles 0..8")]
    public void Resend_of_tiles_outside_the_scene_fails_with_the_range(string first, string count, string reason)
    {
        using FlightBench bench = OperatingBench();
        bench.Send("SET_TILE_RATE_LIMIT", "100");
        bench.Send("IMAGE_SCENES", "1", "3");
        bench.RunScenes(TimeSpan.FromSeconds(5));

        ushort tag = bench.Send("RESEND_TILES", "3", first, count);

        Assert.That(bench.AcknowledgementsFor(tag).Last(), Is.EqualTo(new CommandAcknowledgement(FlightDictionary.ResendTiles.Opcode, tag, AcknowledgementStage.Failed, reason)));
    }

    [Test]
    public void Resend_outside_operate_fails_with_the_mode()
    {
        using FlightBench bench = OperatingBench();
        bench.Send("SET_MODE", "IDLE");

        ushort tag = bench.Send("RESEND_TILES", "3", "0", "1");

        Assert.That(bench.AcknowledgementsFor(tag).Last().Reason, Is.EqualTo("RESEND_TILES needs OPERATE, mode is Idle"));
    }

    private static FlightBench OperatingBench(string? state = null, bool start = true)
    {
        // A bench reusing a state directory continues the uplink's sequence numbers above the first bench's.
        var bench = new FlightBench(stateDirectory: state, sceneSize: SceneEdge, firstCommandSequence: start ? 1u : 100u);
        bench.UseScenes();
        if (start)
        {
            bench.Executive.Start();
            bench.Send("SET_MODE", "OPERATE");
        }

        return bench;
    }

    // Polls in 10 ms steps until done() holds; fails with the events so far when a minute of board time is not enough.
    private static void AdvanceUntil(FlightBench bench, Func<bool> done)
    {
        for (int step = 0; !done(); step++)
        {
            if (step == 6000)
            {
                Assert.Fail("not reached within 60 s of board time; events: " + string.Join(" | ", bench.Sink.Events.Select(e => e.Text)));
            }

            bench.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    private static List<(ApidDefinition Apid, DecodedProduct Product)> Decoded(FlightBench bench) =>
        [.. bench.Sink.SentProducts.Select(p => (p.Apid, Decoder.Decode(p.Data)))];
}
