using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Payload.Flight.Products;
using Payload.GroundTest.Output;
using Payload.GroundTest.Products;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Payload.Telemetry.Products;
using Spectre.Console;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test run</c>: the main job on built-in defaults. Images synthetic scenes, runs them
/// through the tile pipeline with the default model (in-process for now), encodes every tile's
/// products in the downlink product format, sends them through the real downlink chain in memory
/// (packets, TM frames, CADUs, receiver, product decoder), prints each scene's products and what
/// crossed the link, and writes everything the ground received under <c>OUT/RUN/</c>.
/// </summary>
internal static class RunCommand
{
    /// <summary>Where the build copies the committed default model, beside the executable.</summary>
    internal static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models", "default");

    /// <summary>Alert rule used when none is given: water over half a tile (a flood).</summary>
    private const string DefaultAlert = "water=0.5";

    /// <summary>Reed-Solomon interleaving depth of the bench link.</summary>
    private const int LinkInterleave = 4;

    public static Command Create()
    {
        Option<int> scenes = new("--scenes") { Description = "Synthetic scenes to image and process.", DefaultValueFactory = _ => 2 };
        Option<int> seed = new("--seed") { Description = "Seed of the first scene; scene i uses seed + i.", DefaultValueFactory = _ => 1 };
        Option<int> size = new("--size") { Description = "Scene width and height in pixels.", DefaultValueFactory = _ => 512 };
        Option<FileInfo?> model = new("--model") { Description = "Model to run (default: the committed default model)." };
        Option<FileInfo?> manifest = new("--manifest") { Description = "Manifest of --model (default: the default model's)." };
        Option<int> threads = new("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core).", DefaultValueFactory = _ => 0 };
        Option<int> batch = new("--batch") { Description = "Tiles per model run.", DefaultValueFactory = _ => 1 };
        Option<DirectoryInfo> output = new("--out") { Description = "Folder that receives the run folder.", DefaultValueFactory = _ => new DirectoryInfo("ground-out") };
        Option<string?> runName = new("--run") { Description = "Name of the run folder (default: run-yyyyMMdd-HHmmss, UTC)." };
        Option<string[]> alerts = new("--alert")
        {
            Description = "Alert rule CLASS=FRACTION: a tile whose CLASS covers at least FRACTION of it raises an alert (repeatable).",
            DefaultValueFactory = _ => [DefaultAlert],
            AllowMultipleArgumentsPerToken = false,
        };
        Option<int> quicklookFactor = new("--quicklook-factor") { Description = "Scene quicklook is reduced by this factor in each direction.", DefaultValueFactory = _ => 8 };

        Command command = new("run", "Run the payload on the simulated imager with the default model, downlink its products through the CCSDS chain in memory, decode them and write ground-out/RUN/ with report.html.")
        {
            scenes, seed, size, model, manifest, threads, batch, output, runName, alerts, quicklookFactor,
        };
        command.SetAction(parse =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            int sceneCount = parse.GetValue(scenes);
            int edge = parse.GetValue(size);
            int factor = parse.GetValue(quicklookFactor);
            if (sceneCount < 1 || edge < 1 || factor < 1)
            {
                stderr.WriteLine($"error: --scenes {sceneCount}, --size {edge} and --quicklook-factor {factor} must be at least 1.");
                return 1;
            }

            if (edge > ushort.MaxValue)
            {
                stderr.WriteLine($"error: --size {edge} is larger than products can describe ({ushort.MaxValue}).");
                return 1;
            }

            string modelPath = parse.GetValue(model)?.FullName ?? Path.Combine(DefaultModelFolder, LandCoverModel.ModelFileName);
            string manifestPath = parse.GetValue(manifest)?.FullName ?? Path.Combine(DefaultModelFolder, LandCoverModel.ManifestFileName);
            try
            {
                ModelManifest modelManifest = ModelManifest.Load(manifestPath);
                using InferenceSession session = InferenceSession.Open(modelPath, new SessionOptions { IntraOpThreads = parse.GetValue(threads) });
                using TilePipeline pipeline = new(session, modelManifest, new TilePipelineOptions { BatchSize = parse.GetValue(batch) });
                IAnsiConsole console = OperatorConsole.For(parse.InvocationConfiguration.Output);
                List<AlertRule> rules = [];
                foreach (string text in parse.GetValue(alerts) ?? [])
                {
                    if (!AlertRule.TryParse(text, modelManifest.Classes, out AlertRule rule, out string? error))
                    {
                        stderr.WriteLine($"error: {error}");
                        return 1;
                    }

                    rules.Add(rule);
                }

                string name = parse.GetValue(runName) ?? GroundOutput.RunNameFor(TimeProvider.System.GetUtcNow());
                using GroundOutput ground = GroundOutput.Create(parse.GetValue(output)!.FullName, name, modelManifest.Classes);
                SceneProductEncoder encoder = new(rules, ModelHash(modelPath), factor);
                return Report(console, pipeline, modelManifest, encoder, ground, sceneCount, parse.GetValue(seed), edge) ? 0 : 1;
            }
            catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static bool Report(IAnsiConsole console, TilePipeline pipeline, ModelManifest manifest, SceneProductEncoder encoder, GroundOutput ground, int sceneCount, int firstSeed, int edge)
    {
        SyntheticSceneGenerator imager = new(edge, edge);
        SceneProducts products = pipeline.CreateProducts(edge, edge);
        bool sameClasses = manifest.Classes.Count == 4
            && Enumerable.Range(0, 4).All(k => string.Equals(manifest.Classes[k], ((LandCoverClass)k).ToString(), StringComparison.OrdinalIgnoreCase));
        TimeProvider clock = TimeProvider.System;
        TileLedger ledger = new();
        DownlinkOptions.TryCreate(LinkInterleave, null, DownlinkOptions.DefaultSpacecraftId, out var format, out var frames, out _);
        LoopbackDownlink link = new(
            format,
            frames,
            product =>
            {
                DateTimeOffset now = clock.GetUtcNow();
                ground.AddProduct(product, now);
                ledger.Record(product.Header);
                if (product.Alert is { } alert)
                {
                    ground.AddEvent(now, "alert", string.Create(CultureInfo.InvariantCulture, $"scene {product.Header.SceneId} tile {product.Header.TileId}: {manifest.Classes[alert.ClassIndex]} over {alert.AreaFraction:P1}"));
                }
            },
            problem => ground.AddEvent(clock.GetUtcNow(), "link", problem));
        ground.AddEvent(clock.GetUtcNow(), "run", $"{manifest.Name} {manifest.Version}: {sceneCount} synthetic scene(s) of {edge} x {edge}");

        Table table = new Table().Title($"[bold]{manifest.Name} {manifest.Version}[/] on {sceneCount} synthetic scene(s) of {edge} x {edge}, tiles of {pipeline.TileSize} (overlap {pipeline.TileOverlap})");
        table.AddColumn(new TableColumn("scene").NoWrap());
        table.AddColumn(new TableColumn("tiles").RightAligned());
        foreach (string name in manifest.Classes)
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        table.AddColumn(new TableColumn("confidence").RightAligned());
        table.AddColumn(new TableColumn("least sure tile").RightAligned());
        table.AddColumn(new TableColumn("accuracy").RightAligned());
        table.AddColumn(new TableColumn("ms").RightAligned());
        table.AddColumn(new TableColumn("link octets").RightAligned());

        long totalTicks = 0;
        for (int i = 0; i < sceneCount; i++)
        {
            SyntheticScene captured = imager.Generate(firstSeed + i);
            DateTimeOffset captureTime = clock.GetUtcNow();
            uint sceneNumber = (uint)(i + 1);
            long start = Stopwatch.GetTimestamp();
            pipeline.Process(captured.Scene, products);
            long ticks = Stopwatch.GetTimestamp() - start;
            totalTicks += ticks;
            SceneSummary summary = products.Summarise();

            long before = link.CaduOctets;
            ledger.Expect(sceneNumber, products.Grid.Count);
            encoder.Send(sceneNumber, captured.Scene, captureTime, products, link);
            long sceneOctets = link.CaduOctets - before;
            ground.AddRawImageryBytes(SceneProductEncoder.RawOctets(captured.Scene));
            DateTimeOffset done = clock.GetUtcNow();
            ground.AddHousekeeping(done, "bench.scene_ms", ticks * 1000.0 / Stopwatch.Frequency);
            ground.AddHousekeeping(done, "link.cadu_octets_total", link.CaduOctets);
            ground.AddHousekeeping(done, "link.corrected_symbols_total", link.Statistics.CorrectedSymbols);
            ground.AddEvent(done, "scene", $"{captured.Scene.SceneId} (scene {sceneNumber}) processed: {summary.TileCount} tiles, dominant {summary.ClassNames[summary.DominantClass]}");

            List<string> cells = [captured.Scene.SceneId, summary.TileCount.ToString(CultureInfo.InvariantCulture)];
            cells.AddRange(summary.ClassFractions.Select(f => f.ToString("P1", CultureInfo.InvariantCulture)));
            cells.Add(summary.ConfidenceMean.ToString("F3", CultureInfo.InvariantCulture));
            cells.Add(summary.LowestTileConfidence.ToString("F3", CultureInfo.InvariantCulture));
            cells.Add(sameClasses ? Accuracy(captured.Labels, products.ClassMap).ToString("P2", CultureInfo.InvariantCulture) : "-");
            cells.Add((ticks * 1000.0 / Stopwatch.Frequency).ToString("F0", CultureInfo.InvariantCulture));
            cells.Add(sceneOctets.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        link.Finish();
        ground.AddDownlinkedBytes(link.CaduOctets);
        console.Write(table);
        double seconds = totalTicks / (double)Stopwatch.Frequency;
        int tiles = sceneCount * products.Grid.Count;
        RunRecord record = ground.Record;
        string tilesLine = string.Create(CultureInfo.InvariantCulture, $"{tiles} tiles in {seconds:F2} s ({tiles / seconds:F1} tiles/s)");
        string productsLine = string.Create(CultureInfo.InvariantCulture, $"{link.ProductsSent} sent, {link.ProductsDecoded} decoded, {link.ProductsRejected} rejected; {encoder.AlertsRaised} alert(s)");
        string tilesReceived = ledger.Describe();
        string bandwidth = string.Create(CultureInfo.InvariantCulture, $"{record.DownlinkedBytes:N0} octets of CADUs vs {record.RawImageryBytes:N0} octets of raw imagery: {record.BandwidthSaving:P2} saved");
        string linkLine = string.Create(CultureInfo.InvariantCulture, $"{link.Statistics.Cadus} CADUs, {link.Statistics.CorrectedSymbols} corrected symbols, {link.Statistics.UncorrectableCodewords} uncorrectable, {link.Statistics.PacketsLost} packets lost");
        string latency = AlertLatency(record);
        record.AddFact("model", $"{manifest.Name} {manifest.Version}");
        record.AddFact("scenes", $"{sceneCount} synthetic, {edge} x {edge}");
        record.AddFact("tiles processed", tilesLine);
        record.AddFact("tiles received", tilesReceived);
        record.AddFact("products", productsLine);
        record.AddFact("link", linkLine);
        record.AddFact("pipeline", "in-process (the flight process is not started yet)");
        string report = ground.WriteReport($"ground-test run {record.RunName}");

        console.WriteLine(tilesLine);
        console.WriteLine($"products     {productsLine}");
        console.WriteLine($"tiles        {tilesReceived}");
        console.WriteLine($"downlinked   {bandwidth}");
        console.WriteLine($"link         {linkLine}");
        console.WriteLine($"alerts       {latency}");
        console.WriteLine($"output       {ground.RunFolder}");
        console.WriteLine($"report       {report}");
        return ledger.Complete && link.ProductsRejected == 0;
    }

    private static string AlertLatency(RunRecord record)
    {
        if (record.Alerts.Count == 0)
        {
            return "none";
        }

        double[] sorted = [.. record.Alerts.Select(a => a.LatencyMs).Order()];
        double p99 = sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{sorted.Length}, latency capture to decoded: median {sorted[sorted.Length / 2]:F1} ms, p99 {p99:F1} ms");
    }

    /// <summary>First 8 octets of the model file's SHA-256, as products carry it.</summary>
    private static ulong ModelHash(string modelPath)
    {
        using FileStream stream = File.OpenRead(modelPath);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(stream));
    }

    private static double Accuracy(ReadOnlySpan<byte> truth, ReadOnlySpan<byte> predicted)
    {
        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        return correct / (double)truth.Length;
    }
}
