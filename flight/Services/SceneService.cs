using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Models;
using Payload.Flight.Products;
using Payload.Flight.Telemetry;
using Payload.Hal.Boards;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Imaging;
using Payload.Hal.Simulation;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Onnx;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;

namespace Payload.Flight.Services;

/// <summary>
/// OPERATE's work, a few tiles per executive poll: takes queued jobs (IMAGE_SCENES scenes, RESEND_TILES resends, resends
/// first), captures the job's scene from the board's imager, runs its tiles through the tile pipeline with the committed
/// default model (or the active slot's model, as loaded at start-up), and hands each tile's products (alerts first, class
/// map, confidence map) and each scene's quicklook and summary to the downlink. Tiles are paced to the allowed tile rate
/// on the board's clock and wait while the product virtual channel is backed up. A checkpoint after handed-over tiles lets
/// a restarted process resume at the exact tile.
/// </summary>
internal sealed class SceneService : IDisposable
{
    /// <summary>
    /// Most tiles run in one poll: one, so commands and housekeeping are never held up for long and a scene captured
    /// after a tile still reads a fresh board clock (the host sets it once per poll).
    /// </summary>
    public const int MaxTilesPerPoll = 1;

    /// <summary>
    /// Tiles wait while more than this many octets are queued on the product virtual channel: the payload's product
    /// buffer (about a hundred tiles' products). Large enough that classification, and so every alert, keeps going while
    /// bulk products saturate the downlink; bounded so a stalled link stops the pipeline instead of growing memory.
    /// </summary>
    public const long ProductBacklogBound = 1024 * 1024;

    /// <summary>Jobs each queue (scenes, resends) holds.</summary>
    public static readonly int QueueCapacity = (int)FlightDictionary.SceneQueueChannel.High;

    private readonly IImager imager;
    private readonly SimulatedCameraBoard? camera;
    private readonly TimeProvider time;
    private readonly IPacketSink sink;
    private readonly DownlinkProductSink products;
    private readonly EventReporter events;
    private readonly SceneCheckpoint? checkpoint;

    // The loaded model, its product encoder and tally belong together (UseModel swaps them as one).
    private readonly ProtectionMode protection;
    private LoadedModel model;
    private SceneProductEncoder encoder;
    private SceneTally tally;
    private long alertsBeforeSwap;
    private ProtectionFigures protectionBeforeSwap;

    private readonly Queue<SceneJob> resends = new();
    private readonly Queue<SceneJob> scenes = new();
    private SceneJob? current;
    private MultispectralScene? scene;
    private SceneProducts? sceneProducts;
    private DateTimeOffset captureTime;
    private bool resumedJob;
    private byte[] resumedTally = [];
    private int nextTile;
    private int endTile;
    private int jobTiles;
    private long jobStart;
    private long lastPoll = -1;

    // Tiles earned at the allowed rate and not yet run; a new job's first tile may start at once.
    private double credit = 1;

    private SceneService(IImager imager, SimulatedCameraBoard? camera, LoadedModel model, ProtectionMode protection, IPacketSink sink, EventReporter events, string? checkpointDirectory, TimeProvider time)
    {
        this.imager = imager;
        this.camera = camera;
        this.model = model;
        this.protection = protection;
        Watch(model);
        this.sink = sink;
        this.events = events;
        this.time = time;
        products = new DownlinkProductSink(sink);
        encoder = new SceneProductEncoder(AlertRule.From(model.Manifest), model.Hash);
        tally = new SceneTally(model.Manifest.Classes.Count);
        checkpoint = string.IsNullOrEmpty(checkpointDirectory) ? null : new SceneCheckpoint(checkpointDirectory, sink, events, time, CheckpointEveryTiles, CheckpointInterval);
    }

    public static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models", "default");

    /// <summary>Tiles between checkpoints (a checkpoint also follows every job and <see cref="CheckpointInterval"/>).</summary>
    public static int CheckpointEveryTiles { get; } = 1;

    public static TimeSpan CheckpointInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a job's capture waits, over later polls, until the simulated camera has rendered its scene. Set where the
    /// board clock follows real time (the flight host): a capture that blocked its poll while the simulation renders
    /// would stamp the scene before the render and charge the render to the payload as readout time. Off, a capture
    /// takes the render in its poll, which on a clock that only moves when told costs no time at all.
    /// </summary>
    public bool CaptureWhenRendered { get; set; }

    /// <summary>Scenes waiting (IMAGE_SCENES), the one in progress not counted.</summary>
    public int QueuedScenes => scenes.Count;

    /// <summary>Resends waiting.</summary>
    public int QueuedResends => resends.Count;

    /// <summary>True while a job is in progress or queued.</summary>
    public bool Busy => current is not null || scenes.Count > 0 || resends.Count > 0;

    /// <summary>Next tile of the job in progress, 0 between jobs.</summary>
    public int NextTile => current is null ? 0 : nextTile;

    public long TilesProcessed { get; private set; }

    public long TilesResent { get; private set; }

    public long AlertsRaised => alertsBeforeSwap + encoder.AlertsRaised;

    /// <summary>Tiles per second of the last finished job, on the board's clock.</summary>
    public double LastTileRate { get; private set; }

    public long CheckpointsWritten => checkpoint?.Written ?? 0;

    /// <summary>Products the downlink refused because its queue was full.</summary>
    public long ProductsRefused => products.Refused;

    /// <summary>The model in use.</summary>
    internal LoadedModel Model => model;

    /// <summary>What the protections saw since boot, summed over every model used.</summary>
    public ProtectionFigures Protection => protectionBeforeSwap + ProtectionFigures.Of(model.Counters);

    /// <summary>The service, or null (with the reason logged) when the board has no imager or the model cannot be loaded.</summary>
    public static SceneService? TryCreate(Board board, ModelSlots? models, ProtectionMode protection, IPacketSink sink, EventReporter events, string? checkpointDirectory, TextWriter log)
    {
        (string name, IImager imager) = board.Imagers.Select(i => (i.Key, i.Value)).FirstOrDefault();
        if (imager is null)
        {
            log.WriteLine("warning: the board has no imager: IMAGE_SCENES will fail");
            return null;
        }
        try
        {
            string manifestPath = models?.ActiveManifestPath ?? Path.Combine(DefaultModelFolder, LandCoverModel.ManifestFileName);
            string modelPath = models?.ActiveModelPath ?? Path.Combine(DefaultModelFolder, LandCoverModel.ModelFileName);
            log.WriteLine($"flight: model {modelPath}, protection {protection.ToString().ToLowerInvariant()}");
            LoadedModel model = LoadedModel.Load(modelPath, manifestPath, protection, board.Time);
            // Only the simulated camera can image a scene again from its seed (RESEND_TILES, resume after a reset).
            SimulatedCameraBoard? camera = board.Simulation is { } simulation ? TryCamera(simulation, name) : null;
            return new SceneService(imager, camera, model, protection, sink, events, checkpointDirectory, board.Time);
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or OnnxModelException or IOException or DllNotFoundException)
        {
            log.WriteLine($"warning: default model not loaded ({e.Message}): IMAGE_SCENES will fail");
            return null;
        }
    }

    /// <summary>
    /// Swaps in another model between tiles (hot swap after an activation or roll-back): the loaded model, product encoder
    /// and tally together; a job in progress starts over with the new model. The old model stays in use when the new one
    /// does not load.
    /// </summary>
    public void UseModel(string modelPath, string manifestPath)
    {
        LoadedModel next = LoadedModel.Load(modelPath, manifestPath, protection, time);
        protectionBeforeSwap = Protection;
        alertsBeforeSwap += encoder.AlertsRaised;
        model.Dispose();
        model = next;
        Watch(model);
        encoder = new SceneProductEncoder(AlertRule.From(model.Manifest), model.Hash);
        tally = new SceneTally(model.Manifest.Classes.Count);
        (scene, sceneProducts) = (null, null);
        WarmUp();
    }

    /// <summary>
    /// Runs one blank tile through the model and encodes its products, an alert included, into nothing: JIT compilation
    /// and ONNX Runtime's first run are paid here, at start-up or swap, instead of by the first tile of the first scene
    /// and its alert.
    /// </summary>
    private void WarmUp()
    {
        const int BlankBitDepth = 16; // any depth: every sample is 0
        int edge = model.Pipeline.TileSize;
        MultispectralScene blank = MultispectralScene.CreateEmpty("warm-up", time.GetUtcNow(), edge, edge, model.Manifest.Bands, BlankBitDepth);
        SceneProducts blankProducts = model.Pipeline.Process(blank);
        // Area threshold 0: every tile raises it, so the alert's encoding is warmed too.
        var warmEncoder = new SceneProductEncoder([new AlertRule(0, 0)], model.Hash);
        var warmTally = new SceneTally(model.Manifest.Classes.Count);
        warmTally.Add(blankProducts, 0);
        warmEncoder.SendTile(0, blank.CaptureTime, blank, blankProducts.Tiles[0], DiscardedProducts.Instance);
        warmEncoder.SendScene(0, blank.CaptureTime, blank, blankProducts.Grid, warmTally, DiscardedProducts.Instance);
    }

    /// <summary>The job that runs next: the one in progress, else the next queued; null when idle.</summary>
    private SceneJob? NextJob => current ?? NextQueuedJob;

    /// <summary>The job taken after the one in progress (resends first), or null.</summary>
    private SceneJob? NextQueuedJob => resends.Count > 0 ? resends.Peek() : scenes.Count > 0 ? scenes.Peek() : null;

    /// <summary>
    /// Tells the simulated camera that <paramref name="job"/>'s scene is captured next, so it renders that scene in the
    /// background: the simulation's rendering is no part of a real camera's readout time. Done when the render is.
    /// </summary>
    private Task ExpectCapture(SceneJob? job) =>
        camera is not null && job is { } next ? camera.RenderAhead(unchecked((int)next.Seed)) : Task.CompletedTask;

    // A repaired (or unrepairable) weight block is an event; the pipeline itself re-runs or flags the tiles it touched.
    private void Watch(LoadedModel loaded)
    {
        if (loaded.Scrubber is { } scrubber)
        {
            scrubber.BlockFaulted += (_, f) => events.Emit(
                FlightDictionary.WeightsRepaired, f.Buffer, f.Block, f.ByteOffset, f.ByteLength, f.Repaired ? "repaired" : "NOT repairable", f.FirstSuspectResult, f.LastSuspectResult);
        }
    }

    /// <summary>
    /// At boot: resumes from the newest valid checkpoint (sequence counts, the queue and the scene in progress at its next
    /// tile), then warms up the model while the simulated camera starts rendering the scene it will send first, so
    /// neither lands on the first capture and its alerts.
    /// </summary>
    public void Resume()
    {
        ResumeCheckpoint();
        _ = NextJob is { } job ? ExpectCapture(job) : camera?.RenderAhead(camera.NextSeed);
        WarmUp();
    }

    private void ResumeCheckpoint()
    {
        if (checkpoint?.Load(model.Hash, out long sequence) is not { } state)
        {
            return;
        }

        foreach (SceneJob job in state.Queued)
        {
            (job.Kind == SceneJobKind.Scene ? scenes : resends).Enqueue(job);
        }

        if (state.Current is { } resumed)
        {
            current = resumed;
            nextTile = state.NextTile;
            captureTime = state.CaptureTime;
            resumedJob = true;
            resumedTally = state.Tally;
        }

        events.Emit(FlightDictionary.SceneResumed, sequence, state.Current?.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", state.NextTile, state.Queued.Count);
    }

    /// <summary>Queues <paramref name="count"/> scenes with seeds from <paramref name="firstSeed"/>; null, or why not.</summary>
    public string? ImageScenes(int count, uint firstSeed)
    {
        if (count == 0 || scenes.Count + count > QueueCapacity)
        {
            return $"{count} scenes do not fit the queue ({scenes.Count} of {QueueCapacity} queued)";
        }

        for (int i = 0; i < count; i++)
        {
            scenes.Enqueue(new SceneJob(SceneJobKind.Scene, firstSeed + (uint)i));
        }

        // Completed means queued for good: a reset before the first tile's checkpoint must not forget the scenes.
        WriteCheckpoint();
        return null;
    }

    /// <summary>Queues a resend of <paramref name="count"/> tiles from <paramref name="firstTile"/> (0: the quicklook and summary); null, or why not.</summary>
    public string? ResendTiles(uint seed, ushort firstTile, ushort count)
    {
        if (resends.Count >= QueueCapacity)
        {
            return $"the resend queue is full ({QueueCapacity} resends)";
        }

        if (sceneProducts?.Grid.Count is int tiles && count > 0 && firstTile + count > tiles)
        {
            return $"tiles {firstTile}..{firstTile + count - 1} are outside the scene's tiles 0..{tiles - 1}";
        }

        resends.Enqueue(count == 0 ? new SceneJob(SceneJobKind.ResendSummary, seed) : new SceneJob(SceneJobKind.ResendTiles, seed, firstTile, count));
        WriteCheckpoint();
        return null;
    }

    /// <summary>
    /// One executive poll: runs as many tiles as the allowed rate has earned since the last poll (at most
    /// <see cref="MaxTilesPerPoll"/>), none while the product channel is backed up or when <paramref name="allowedTilesPerSecond"/>
    /// is 0 (not OPERATE, or the thermal governor says stop); writes checkpoints as they fall due.
    /// </summary>
    /// <exception cref="SceneFailedException">The imager or the model failed; the job is dropped.</exception>
    public int Poll(double allowedTilesPerSecond)
    {
        long now = time.GetTimestamp();
        double elapsed = lastPoll < 0 ? 0 : time.GetElapsedTime(lastPoll, now).TotalSeconds;
        lastPoll = now;
        // The pipeline scrubs after every run; this keeps the walk going at its period while no tiles run.
        model.Scrubber?.ScrubDue();
        if (checkpoint is not null && checkpoint.ReserveRunningLow())
        {
            WriteCheckpoint();
        }

        if (allowedTilesPerSecond <= 0 || !Busy)
        {
            // Idle: the next tile may start at once when work comes.
            credit = 1;
            return 0;
        }

        credit = Math.Min(credit + (elapsed * allowedTilesPerSecond), MaxTilesPerPoll);
        int done = 0;
        while (credit >= 1 && Busy && sink.PendingOctets(FlightDictionary.ProductApid) <= ProductBacklogBound)
        {
            if (scene is null)
            {
                if (CaptureWhenRendered && !ExpectCapture(NextJob).IsCompleted)
                {
                    break; // the camera is still rendering; the next poll looks again
                }

                Start();
                if (scene is null)
                {
                    continue; // the job had no tiles to run and is finished
                }
            }

            RunTile();
            credit--;
            done++;
        }

        return done;
    }

    private void Start()
    {
        SceneJob job = current ?? (resends.Count > 0 ? resends.Dequeue() : scenes.Dequeue());
        current = job;
        try
        {
            _ = ExpectCapture(job);
            scene = imager.CaptureAsync().AsTask().GetAwaiter().GetResult();
            if (sceneProducts is null || sceneProducts.Grid.SceneWidth != scene.Width || sceneProducts.Grid.SceneHeight != scene.Height)
            {
                sceneProducts = model.Pipeline.CreateProducts(scene.Width, scene.Height);
            }

            // The next job's scene renders while this one's tiles run.
            _ = ExpectCapture(NextQueuedJob);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            Abandon(job, e);
        }

        int tiles = sceneProducts.Grid.Count;
        (int first, int end) = job.Kind == SceneJobKind.ResendTiles
            ? (Math.Min(job.FirstTile, tiles), Math.Min(job.FirstTile + job.Count, tiles))
            : (0, tiles);
        tally.Reset();
        if (resumedJob)
        {
            // Resumed after a reset: the tiles before nextTile were handed over before it, and the tally holds them.
            first = tally.TryRead(resumedTally) ? Math.Clamp(nextTile, first, end) : first;
            resumedJob = false;
        }
        else
        {
            captureTime = time.GetUtcNow();
        }

        nextTile = first;
        endTile = end;
        jobTiles = 0;
        jobStart = time.GetTimestamp();
        events.Emit(FlightDictionary.SceneStarted, job.Seed, tiles, first, scene.Width, scene.Height);
        if (nextTile == endTile)
        {
            Finish();
        }
    }

    private void RunTile()
    {
        SceneJob job = current!.Value;
        int tile = nextTile;
        try
        {
            model.Pipeline.ProcessTiles(scene!, sceneProducts!, tile, 1);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException or InvalidOperationException)
        {
            Abandon(job, e);
        }

        if (job.Kind != SceneJobKind.ResendSummary)
        {
            encoder.SendTile(job.Seed, captureTime, scene!, sceneProducts!.Tiles[tile], products);
        }

        tally.Add(sceneProducts!, tile);
        TilesProcessed++;
        TilesResent += job.Kind == SceneJobKind.ResendTiles ? 1 : 0;
        jobTiles++;
        nextTile = tile + 1;
        if (nextTile == endTile)
        {
            Finish();
        }
        else if (checkpoint?.TileDone() == true)
        {
            WriteCheckpoint();
        }
    }

    private void Finish()
    {
        SceneJob job = current!.Value;
        if (job.Kind != SceneJobKind.ResendTiles)
        {
            encoder.SendScene(job.Seed, captureTime, scene!, sceneProducts!.Grid, tally, products);
        }

        double seconds = time.GetElapsedTime(jobStart).TotalSeconds;
        LastTileRate = seconds > 0 ? jobTiles / seconds : 0;
        if (job.Kind == SceneJobKind.Scene)
        {
            events.Emit(FlightDictionary.SceneProcessed, job.Seed, jobTiles, Math.Round(LastTileRate, 1));
        }
        else
        {
            events.Emit(FlightDictionary.TilesResent, job.Seed, job.Kind == SceneJobKind.ResendTiles ? jobTiles : 0, job.Kind == SceneJobKind.ResendTiles ? job.FirstTile : 0);
        }

        current = null;
        scene = null;
        WriteCheckpoint();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Abandon(SceneJob job, Exception e)
    {
        current = null;
        scene = null;
        resumedJob = false;
        WriteCheckpoint();
        throw new SceneFailedException(job.Seed, e);
    }

    private void WriteCheckpoint()
    {
        if (checkpoint is null)
        {
            return;
        }

        byte[] tallyRecord = [];
        if (resumedJob)
        {
            tallyRecord = resumedTally; // the resumed job has not restarted yet: its tally is still the checkpoint's
        }
        else if (current is not null)
        {
            tallyRecord = new byte[tally.RecordLength];
            tally.Write(tallyRecord);
        }

        // Before the first capture there is no capture time to keep; the checkpoint's time field starts at the epoch.
        DateTimeOffset captured = current is null && captureTime == default ? DateTimeOffset.UnixEpoch : captureTime;
        checkpoint.Write(new SceneState(current, nextTile, captured, tallyRecord, [.. resends, .. scenes]), model.Hash);
    }

    private static SimulatedCameraBoard? TryCamera(SimulatedBoard simulation, string device)
    {
        try
        {
            return simulation.Camera(device);
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        model.Dispose();
    }

    /// <summary>Where the warm-up's products go: nowhere.</summary>
    private sealed class DiscardedProducts : IProductSink
    {
        public static readonly DiscardedProducts Instance = new();

        public void Send(ReadOnlySpan<byte> product, bool alert)
        {
        }
    }
}
