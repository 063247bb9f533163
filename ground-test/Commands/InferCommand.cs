using System.CommandLine;
using Payload.GroundTest.Products;
using Payload.Hal.Imaging;
using Payload.Inference.Manifests;
using Payload.Inference.Onnx;
using Payload.Inference.Pipeline;
using Payload.Inference.Runtime;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test infer</c>: run a model on the ground, either through the tile pipeline
/// (<c>--manifest</c> and <c>--tile</c>) or bare on named input arrays (<c>--input NAME=x.npy</c>).
/// </summary>
internal static class InferCommand
{
    public static Command Create()
    {
        Option<FileInfo> model = new("--model") { Description = "The .onnx model.", Required = true };
        Option<FileInfo?> manifest = new("--manifest") { Description = "The model's manifest (JSON); with --tile." };
        Option<FileInfo?> tile = new("--tile") { Description = "A tile or whole scene as .npy: uint16 or uint8, shape (bands, height, width) or (1, bands, height, width)." };
        Option<string[]> inputs = new("--input") { Description = "NAME=file.npy for a bare model run; repeat for each model input.", AllowMultipleArgumentsPerToken = false };
        Option<DirectoryInfo> output = new("--out") { Description = "Folder for the results.", Required = true };
        Option<string?> bands = new("--bands") { Description = "Comma-separated names of the tile's bands in file order (default: the manifest's bands)." };
        Option<int?> tileSize = new("--tile-size") { Description = "Tile edge (default: the manifest's tileSize)." };
        Option<int?> overlap = new("--overlap") { Description = "Tile overlap (default: the manifest's tileOverlap)." };
        Option<int> batch = new("--batch") { Description = "Tiles per run when the model's batch dimension is dynamic.", DefaultValueFactory = _ => 1 };
        Option<int> threads = new("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core).", DefaultValueFactory = _ => 0 };

        Command command = new("infer", "Run a model on a tile or scene through the tile pipeline (--manifest, --tile: writes classmap.npy, confidence.npy, products.json), "
            + "or bare on named inputs (--input NAME=x.npy ...: writes every output as <output name>.npy).")
        {
            model, manifest, tile, inputs, output, bands, tileSize, overlap, batch, threads,
        };

        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter stderr = parse.InvocationConfiguration.Error;
            try
            {
                FileInfo? tileFile = parse.GetValue(tile);
                string[] named = parse.GetValue(inputs) ?? [];
                if ((tileFile is null) == (named.Length == 0))
                {
                    throw new UsageException("give either --tile (with --manifest) or one or more --input NAME=file.npy, not both");
                }

                DirectoryInfo outDir = parse.GetValue(output)!;
                SessionOptions options = new() { IntraOpThreads = parse.GetValue(threads) };
                using InferenceSession session = InferenceSession.Open(parse.GetValue(model)!.FullName, options);
                Directory.CreateDirectory(outDir.FullName);
                if (tileFile is not null)
                {
                    FileInfo manifestFile = parse.GetValue(manifest) ?? throw new UsageException("--tile needs --manifest M.json");
                    RunPipeline(
                        session, ModelManifest.Load(manifestFile.FullName), tileFile.FullName, parse.GetValue(bands),
                        new TilePipelineOptions { TileSize = parse.GetValue(tileSize), TileOverlap = parse.GetValue(overlap), BatchSize = parse.GetValue(batch) },
                        outDir.FullName, stdout);
                }
                else
                {
                    RunBare(session, named, outDir.FullName, stdout);
                }

                return 0;
            }
            catch (Exception e) when (e is UsageException or NpyFormatException or ModelManifestException or OnnxRuntimeException
                or OnnxModelException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void RunPipeline(
        InferenceSession session, ModelManifest manifest, string tilePath, string? bandList, TilePipelineOptions options, string outDir, TextWriter stdout)
    {
        NpyArray array = NpyFile.Read(tilePath);
        MultispectralScene scene = SceneFromTile(array, tilePath, manifest, bandList);
        using TilePipeline pipeline = new(session, manifest, options);
        SceneProducts products = pipeline.Process(scene);

        NpyFile.Write(Path.Combine(outDir, "classmap.npy"), NpyArray.FromUInt8([scene.Height, scene.Width], products.ClassMap));
        NpyFile.Write(Path.Combine(outDir, "confidence.npy"), NpyArray.FromFloat32([scene.Height, scene.Width], products.Confidence));
        SceneProductsJson.Write(Path.Combine(outDir, "products.json"), manifest, products);

        SceneSummary summary = products.Summarise();
        string fractions = string.Join(", ", summary.ClassNames.Select((name, k) => $"{name} {summary.ClassFractions[k]:P1}"));
        stdout.WriteLine($"{manifest.Name} on {Path.GetFileName(tilePath)} ({scene.Width} x {scene.Height}, {summary.TileCount} tiles of {pipeline.TileSize}): {fractions}; mean confidence {summary.ConfidenceMean:F3}");
        stdout.WriteLine($"wrote {Path.Combine(outDir, "classmap.npy")}, confidence.npy, products.json");
    }

    private static MultispectralScene SceneFromTile(NpyArray array, string path, ModelManifest manifest, string? bandList)
    {
        IReadOnlyList<int> shape = array.Shape;
        bool batched = shape.Count == 4 && shape[0] == 1;
        if (shape.Count != 3 && !batched)
        {
            throw new ArgumentException($"Tile {path}: shape {array.ShapeText} is not (bands, height, width) or (1, bands, height, width).");
        }

        int offset = batched ? 1 : 0;
        int bandCount = shape[offset];
        int height = shape[offset + 1];
        int width = shape[offset + 2];
        if (bandCount == 0 || height == 0 || width == 0)
        {
            throw new ArgumentException($"Tile {path}: shape {array.ShapeText} is empty.");
        }

        ushort[] samples;
        int bitDepth;
        switch (array.DataType)
        {
            case NpyDataType.UInt16:
                samples = array.AsSpan<ushort>().ToArray();
                bitDepth = 16;
                break;
            case NpyDataType.UInt8:
                samples = [.. array.Data.Select(b => (ushort)b)];
                bitDepth = 8;
                break;
            default:
                throw new ArgumentException($"Tile {path}: dtype {array.DataType} is not supported; the pipeline takes raw uint16 or uint8 samples (scaling comes from the manifest).");
        }

        string[] names = bandList is not null
            ? [.. bandList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [.. manifest.Bands];
        if (names.Length != bandCount)
        {
            throw new ArgumentException(bandList is not null
                ? $"Tile {path}: --bands names {names.Length} bands ({bandList}) but the tile has {bandCount}."
                : $"Tile {path} has {bandCount} bands but manifest {manifest.Name} expects {manifest.Bands.Count} ({string.Join(", ", manifest.Bands)}): pass --bands naming the tile's bands in order.");
        }

        return new MultispectralScene(Path.GetFileNameWithoutExtension(path), DateTimeOffset.UtcNow, width, height, names, bitDepth, samples);
    }

    private static void RunBare(InferenceSession session, string[] named, string outDir, TextWriter stdout)
    {
        List<NamedTensor> tensors = [];
        foreach (string pair in named)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new UsageException($"--input '{pair}' is not NAME=file.npy");
            }

            string name = pair[..equals];
            string path = pair[(equals + 1)..];
            NpyArray array = NpyFile.Read(path);
            tensors.Add(new NamedTensor(name, ElementType(array.DataType), [.. array.Shape.Select(d => (long)d)], array.Data));
        }

        foreach (NamedTensor result in session.Run(tensors))
        {
            NpyDataType dataType = NpyType(result);
            string file = Path.Combine(outDir, SafeFileName(result.Name) + ".npy");
            NpyFile.Write(file, new NpyArray(dataType, [.. result.Shape.Select(d => checked((int)d))], result.Data));
            stdout.WriteLine($"{result.Name}: {TensorElementTypes.Name(result.ElementType)}[{string.Join(",", result.Shape)}] -> {file}");
        }
    }

    private static TensorElementType ElementType(NpyDataType dataType) => dataType switch
    {
        NpyDataType.Float32 => TensorElementType.Float32,
        NpyDataType.Float16 => TensorElementType.Float16,
        NpyDataType.UInt8 => TensorElementType.UInt8,
        NpyDataType.UInt16 => TensorElementType.UInt16,
        NpyDataType.Int32 => TensorElementType.Int32,
        NpyDataType.Int64 => TensorElementType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "No ONNX element type for this dtype."),
    };

    private static NpyDataType NpyType(NamedTensor tensor) => tensor.ElementType switch
    {
        TensorElementType.Float32 => NpyDataType.Float32,
        TensorElementType.Float16 => NpyDataType.Float16,
        TensorElementType.UInt8 => NpyDataType.UInt8,
        TensorElementType.UInt16 => NpyDataType.UInt16,
        TensorElementType.Int32 => NpyDataType.Int32,
        TensorElementType.Int64 => NpyDataType.Int64,
        _ => throw new ArgumentException(
            $"Output '{tensor.Name}' is {TensorElementTypes.Name(tensor.ElementType)}, which .npy output here does not support (float32, float16, uint8, uint16, int32, int64)."),
    };

    // ONNX names may contain '/' or ':'; keep the file inside the output folder.
    private static string SafeFileName(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        return new string([.. name.Select(c => invalid.Contains(c) || c == ':' ? '_' : c)]);
    }

    /// <summary>The command line was not usable; the message says what to give instead.</summary>
    private sealed class UsageException(string message) : Exception(message);
}
