using System.Buffers.Binary;
using System.CommandLine;
using System.Security.Cryptography;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Hardening;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Payload.Telemetry.Packets;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test pipeline-worker</c> (hidden): runs synthetic scenes through the tile pipeline with
/// the default model and appends one space packet per tile product to <c>products.bin</c>,
/// checkpointing through <see cref="CheckpointStore"/>. Killed at any moment and restarted with the
/// same arguments, it resumes at the exact tile: the product log ends up byte for byte as in an
/// uninterrupted run. The checkpoint-kill test drives it as a child process.
/// </summary>
/// <remarks>
/// Exactly once: the checkpoint records how many bytes of the log were committed. A restart cuts
/// the log back to that length and resumes at the checkpoint's tile, so packets appended after the
/// last checkpoint are dropped and produced again, identically (scenes and model are deterministic).
/// The log is flushed to the device before each checkpoint names its length.
/// </remarks>
internal static class PipelineWorkerCommand
{
    /// <summary>The product log inside --out.</summary>
    public const string ProductLogName = "products.bin";

    /// <summary>APID of tile product packets.</summary>
    public const int TileProductApid = 0x100;

    private const int TileRecordLength = 4 + 4 + 32;

    public static Command Create()
    {
        Option<int> scenes = new("--scenes") { Description = "Synthetic scenes to process.", DefaultValueFactory = _ => 3 };
        Option<int> size = new("--size") { Description = "Scene width and height in pixels.", DefaultValueFactory = _ => 96 };
        Option<int> tile = new("--tile") { Description = "Tile size (no overlap).", DefaultValueFactory = _ => 32 };
        Option<int> every = new("--every") { Description = "Checkpoint after this many tiles.", DefaultValueFactory = _ => 2 };
        Option<int> seed = new("--seed") { Description = "Seed of scene 0; scene i uses seed + i.", DefaultValueFactory = _ => 1 };
        Option<DirectoryInfo> checkpoint = new("--checkpoint") { Description = "Checkpoint directory.", Required = true };
        Option<DirectoryInfo> output = new("--out") { Description = "Directory of the product log.", Required = true };
        Command command = new("pipeline-worker", "Process scenes with checkpoints; restartable after a kill (used by tests).")
        {
            scenes, size, tile, every, seed, checkpoint, output,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            try
            {
                Run(parse.GetValue(scenes), parse.GetValue(size), parse.GetValue(tile), parse.GetValue(every), parse.GetValue(seed),
                    parse.GetValue(checkpoint)!.FullName, parse.GetValue(output)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or OnnxRuntimeException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Run(int sceneCount, int edge, int tileSize, int every, int firstSeed, string checkpointDirectory, string outputDirectory, TextWriter stdout, TextWriter stderr)
    {
        byte[] model = LandCoverModel.Build().ToBytes();
        byte[] modelHash = SHA256.HashData(model);
        var store = new CheckpointStore(checkpointDirectory);
        store.SlotRejected += (_, fault) => stderr.WriteLine($"checkpoint slot {fault.Slot} rejected: {fault.Reason}");
        Checkpoint? saved = store.Load();
        PipelineProgress progress = saved is null ? new PipelineProgress { ModelHash = modelHash, PartialProducts = new byte[sizeof(long)] } : PipelineProgress.FromBytes(saved.Data);
        if (!progress.ModelHash.AsSpan().SequenceEqual(modelHash))
        {
            throw new InvalidDataException($"The checkpoint in {checkpointDirectory} is for model {Convert.ToHexString(progress.ModelHash)}, not {Convert.ToHexString(modelHash)}.");
        }

        var encoder = new SpacePacketEncoder();
        byte[] packet = new byte[encoder.PacketLength(TileRecordLength)];
        int savedCount = progress.ApidSequenceCounts.GetValueOrDefault((ushort)TileProductApid);
        while (encoder.NextSequenceCount(TileProductApid) != savedCount)
        {
            // The encoder keeps its counts private; bring it to the saved count by encoding into scratch.
            encoder.Encode(TileProductApid, new byte[1], packet);
        }

        Directory.CreateDirectory(outputDirectory);
        long committed = BinaryPrimitives.ReadInt64LittleEndian(progress.PartialProducts);
        using var log = new FileStream(Path.Combine(outputDirectory, ProductLogName), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        log.SetLength(committed);
        log.Position = committed;

        using InferenceSession session = InferenceSession.FromBytes(model, new SessionOptions { IntraOpThreads = 1 });
        using TilePipeline pipeline = new(session, LandCoverModel.Manifest(), new TilePipelineOptions { TileSize = tileSize, TileOverlap = 0 });
        var imager = new SyntheticSceneGenerator(edge, edge);
        SceneProducts products = pipeline.CreateProducts(edge, edge);
        var schedule = new CheckpointSchedule(every, TimeSpan.FromSeconds(30));
        long frames = progress.FrameCount;
        byte[] record = new byte[TileRecordLength];
        for (int scene = progress.SceneIndex; scene < sceneCount; scene++)
        {
            pipeline.Process(imager.Generate(firstSeed + scene).Scene, products);
            int first = scene == progress.SceneIndex ? progress.NextTile : 0;
            for (int t = first; t < products.Tiles.Count; t++)
            {
                BinaryPrimitives.WriteInt32BigEndian(record, scene);
                BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(4), t);
                SHA256.HashData(products.Tiles[t].ClassMap, record.AsSpan(8));
                int length = encoder.Encode(TileProductApid, record, packet);
                log.Write(packet, 0, length);
                frames++;
                stdout.WriteLine($"tile {scene} {t}");
                stdout.Flush();
                bool last = scene == sceneCount - 1 && t == products.Tiles.Count - 1;
                if (schedule.TileDone() || last)
                {
                    (int nextScene, int nextTile) = t + 1 < products.Tiles.Count ? (scene, t + 1) : (scene + 1, 0);
                    log.Flush(flushToDisk: true);
                    byte[] position = new byte[sizeof(long)];
                    BinaryPrimitives.WriteInt64LittleEndian(position, log.Position);
                    store.Write(new PipelineProgress
                    {
                        SceneId = $"synthetic-{firstSeed + nextScene}", SceneIndex = nextScene, NextTile = nextTile, ModelHash = modelHash,
                        ApidSequenceCounts = new Dictionary<ushort, ushort> { [TileProductApid] = (ushort)encoder.NextSequenceCount(TileProductApid) },
                        FrameCount = frames, PartialProducts = position,
                    }.ToBytes());
                    schedule.Written();
                }
            }
        }

        stdout.WriteLine("done");
    }
}
