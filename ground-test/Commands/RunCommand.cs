using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Payload.Hal.Imaging;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;
using Spectre.Console;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test run</c>: the main job on built-in defaults. Images synthetic scenes, runs them
/// through the tile pipeline with the default model and prints each scene's products.
/// </summary>
internal static class RunCommand
{
    /// <summary>Where the build copies the committed default model, beside the executable.</summary>
    internal static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models", "default");

    public static Command Create()
    {
        Option<int> scenes = new("--scenes") { Description = "Synthetic scenes to image and process.", DefaultValueFactory = _ => 2 };
        Option<int> seed = new("--seed") { Description = "Seed of the first scene; scene i uses seed + i.", DefaultValueFactory = _ => 1 };
        Option<int> size = new("--size") { Description = "Scene width and height in pixels.", DefaultValueFactory = _ => 512 };
        Option<FileInfo?> model = new("--model") { Description = "Model to run (default: the committed default model)." };
        Option<FileInfo?> manifest = new("--manifest") { Description = "Manifest of --model (default: the default model's)." };
        Option<int> threads = new("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core).", DefaultValueFactory = _ => 0 };
        Option<int> batch = new("--batch") { Description = "Tiles per model run.", DefaultValueFactory = _ => 1 };

        Command command = new("run", "Run the payload on the simulated imager with the default model and print the products of each scene.")
        {
            scenes, seed, size, model, manifest, threads, batch,
        };
        command.SetAction(parse =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            int sceneCount = parse.GetValue(scenes);
            int edge = parse.GetValue(size);
            if (sceneCount < 1 || edge < 1)
            {
                stderr.WriteLine($"error: --scenes {sceneCount} and --size {edge} must be at least 1.");
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
                Report(console, pipeline, modelManifest, sceneCount, parse.GetValue(seed), edge);
                return 0;
            }
            catch (Exception e) when (e is ModelManifestException or OnnxRuntimeException or ArgumentException or IOException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Report(IAnsiConsole console, TilePipeline pipeline, ModelManifest manifest, int sceneCount, int firstSeed, int edge)
    {
        SyntheticSceneGenerator imager = new(edge, edge);
        SceneProducts products = pipeline.CreateProducts(edge, edge);
        bool sameClasses = manifest.Classes.Count == 4
            && Enumerable.Range(0, 4).All(k => string.Equals(manifest.Classes[k], ((LandCoverClass)k).ToString(), StringComparison.OrdinalIgnoreCase));

        Table table = new Table().Title($"[bold]{manifest.Name} {manifest.Version}[/] on {sceneCount} synthetic scene(s) of {edge} x {edge}, tiles of {pipeline.TileSize} (overlap {pipeline.TileOverlap})");
        table.AddColumn("scene");
        table.AddColumn(new TableColumn("tiles").RightAligned());
        foreach (string name in manifest.Classes)
        {
            table.AddColumn(new TableColumn(name).RightAligned());
        }

        table.AddColumn(new TableColumn("confidence").RightAligned());
        table.AddColumn(new TableColumn("least sure tile").RightAligned());
        table.AddColumn(new TableColumn("accuracy").RightAligned());
        table.AddColumn(new TableColumn("ms").RightAligned());

        long totalTicks = 0;
        for (int i = 0; i < sceneCount; i++)
        {
            SyntheticScene captured = imager.Generate(firstSeed + i);
            long start = Stopwatch.GetTimestamp();
            pipeline.Process(captured.Scene, products);
            long ticks = Stopwatch.GetTimestamp() - start;
            totalTicks += ticks;
            SceneSummary summary = products.Summarise();

            List<string> cells = [captured.Scene.SceneId, summary.TileCount.ToString(CultureInfo.InvariantCulture)];
            cells.AddRange(summary.ClassFractions.Select(f => f.ToString("P1", CultureInfo.InvariantCulture)));
            cells.Add(summary.ConfidenceMean.ToString("F3", CultureInfo.InvariantCulture));
            cells.Add(summary.LowestTileConfidence.ToString("F3", CultureInfo.InvariantCulture));
            cells.Add(sameClasses ? Accuracy(captured.Labels, products.ClassMap).ToString("P2", CultureInfo.InvariantCulture) : "-");
            cells.Add((ticks * 1000.0 / Stopwatch.Frequency).ToString("F0", CultureInfo.InvariantCulture));
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        console.Write(table);
        double seconds = totalTicks / (double)Stopwatch.Frequency;
        int tiles = sceneCount * products.Grid.Count;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tiles} tiles in {seconds:F2} s ({tiles / seconds:F1} tiles/s)"));
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
