using System.Buffers.Binary;
using System.Security.Cryptography;
using Payload.Flight.Dictionary;
using Payload.Flight.Models;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Products;
using Payload.Hal.Boards;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;

namespace Payload.Flight.Services;

/// <summary>
/// OPERATE's work: captures a scene from the board's imager, runs it through the tile pipeline with the committed
/// default model (or the active slot's model when slots are configured, as loaded at start-up), sends a class-map
/// product per tile (telemetry/Products format) on the product APID and paces it to the thermal governor's allowed tile rate.
/// </summary>
internal sealed class SceneService : IDisposable
{
    private readonly IImager imager;
    private InferenceSession session;
    private TilePipeline pipeline;
    private readonly TimeProvider time;
    private readonly IPacketSink sink;
    private ulong modelHash;
    private readonly ProductEncoder encoder = new();
    private byte[] product = [];

    private SceneService(IImager imager, InferenceSession session, TilePipeline pipeline, TimeProvider time, IPacketSink sink, ulong modelHash)
    {
        this.sink = sink;
        this.modelHash = modelHash;
        this.imager = imager;
        this.session = session;
        this.pipeline = pipeline;
        this.time = time;
    }

    public static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models", "default");

    /// <summary>The service, or null (with the reason logged) when the board has no imager or the model cannot be loaded.</summary>
    public static SceneService? TryCreate(Board board, ModelSlots? models, IPacketSink sink, TextWriter log)
    {
        IImager? imager = board.Imagers.Values.FirstOrDefault();
        if (imager is null)
        {
            log.WriteLine("warning: the board has no imager: IMAGE_SCENES will fail");
            return null;
        }
        try
        {
            string manifestPath = models?.ActiveManifestPath ?? Path.Combine(DefaultModelFolder, LandCoverModel.ManifestFileName);
            string modelPath = models?.ActiveModelPath ?? Path.Combine(DefaultModelFolder, LandCoverModel.ModelFileName);
            log.WriteLine($"flight: model {modelPath}");
            ModelManifest manifest = ModelManifest.Load(manifestPath);
            InferenceSession session = InferenceSession.Open(modelPath, new SessionOptions { IntraOpThreads = 1 });
            ulong hash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(File.ReadAllBytes(modelPath)));
            return new SceneService(imager, session, new TilePipeline(session, manifest), board.Time, sink, hash);
        }
        catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or IOException or DllNotFoundException)
        {
            log.WriteLine($"warning: default model not loaded ({e.Message}): IMAGE_SCENES will fail");
            return null;
        }
    }

    /// <summary>Swaps the pipeline to another model between scenes (hot swap); the old one stays in use if the new one does not load.</summary>
    public void UseModel(string modelPath, string manifestPath)
    {
        ModelManifest manifest = ModelManifest.Load(manifestPath);
        InferenceSession next = InferenceSession.Open(modelPath, new SessionOptions { IntraOpThreads = 1 });
        try
        {
            var nextPipeline = new TilePipeline(next, manifest);
            pipeline.Dispose();
            session.Dispose();
            (session, pipeline) = (next, nextPipeline);
            modelHash = BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(File.ReadAllBytes(modelPath)));
        }
        catch
        {
            next.Dispose();
            throw;
        }
    }

    /// <summary>Captures and processes one scene; returns the tiles and the achieved rate.</summary>
    public (int Tiles, double TilesPerSecond) Run(uint seed, double allowedTilesPerSecond)
    {
        if (allowedTilesPerSecond <= 0)
        {
            throw new InvalidOperationException("the thermal governor allows no tiles now");
        }
        long start = time.GetTimestamp();
        DateTimeOffset captured = time.GetUtcNow();
        MultispectralScene scene = imager.CaptureAsync().AsTask().GetAwaiter().GetResult();
        SceneProducts products = pipeline.Process(scene);
        int tiles = products.Tiles.Count;
        byte classBits = ProductHeader.BitsForClasses(products.ClassNames.Count);
        foreach (TileProduct tile in products.Tiles)
        {
            TilePlacement p = tile.Placement;
            ProductHeader header = new()
            {
                Kind = ProductKind.ClassMap, SceneId = seed, TileId = (ushort)p.Index, TileRow = (ushort)p.Row, TileColumn = (ushort)p.Column,
                TileX = (ushort)p.X, TileY = (ushort)p.Y, Width = (ushort)p.ValidWidth, Height = (ushort)p.ValidHeight, Bands = 1,
                BitsPerSample = classBits, CaptureTime = captured, ModelHash = modelHash,
            };
            int needed = encoder.MaxLength(header);
            if (product.Length < needed)
            {
                product = new byte[needed];
            }
            int length = encoder.Encode(header, tile.ClassMap, product);
            sink.SendProduct(FlightDictionary.ProductApid, product.AsSpan(0, length));
        }
        double seconds = Math.Max(time.GetElapsedTime(start).TotalSeconds, tiles / allowedTilesPerSecond);
        return (tiles, seconds > 0 ? tiles / seconds : tiles);
    }

    public void Dispose()
    {
        pipeline.Dispose();
        session.Dispose();
    }
}
