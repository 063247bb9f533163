using System.Text;
using Payload.Hal.Imaging;
using Payload.Inference.Manifests;
using Payload.Inference.Runtime;

namespace Payload.Inference.Packages;

/// <summary>The ground side of model packages: lays out the model, its manifest and golden vectors, and seals them.</summary>
public static class ModelPackageBuilder
{
    /// <summary>Package path of the ONNX model.</summary>
    public const string ModelPath = "model.onnx";

    /// <summary>Package path of the model manifest.</summary>
    public const string ManifestPath = "manifest.json";

    private const string GoldenFolder = "golden";

    /// <summary>
    /// Builds a signed model package. When <paramref name="goldenOutputs"/> is null the expected outputs
    /// are computed by running the model on <paramref name="goldenInputs"/> (every model output is kept).
    /// </summary>
    /// <exception cref="ModelManifestException">The manifest is invalid.</exception>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded or run on the golden inputs.</exception>
    public static (PackageContents Contents, PackageManifest Manifest) Build(
        byte[] model,
        string manifestJson,
        IReadOnlyDictionary<string, NpyArray> goldenInputs,
        IReadOnlyDictionary<string, NpyArray>? goldenOutputs,
        double tolerance,
        GroundKey signingKey)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(goldenInputs);
        ModelManifest manifest = ModelManifest.Parse(manifestJson, ManifestPath);
        goldenOutputs ??= ComputeOutputs(model, goldenInputs);

        Dictionary<string, byte[]> files = new(StringComparer.Ordinal)
        {
            [ModelPath] = model,
            [ManifestPath] = Encoding.UTF8.GetBytes(manifestJson),
        };
        Dictionary<string, string> inputPaths = AddGolden(files, "input", goldenInputs);
        Dictionary<string, string> outputPaths = AddGolden(files, "output", goldenOutputs);

        PackageManifest template = new()
        {
            Kind = PackageKind.Model,
            Name = manifest.Name,
            Version = manifest.Version,
            Model = new ModelPackageEntries
            {
                Model = ModelPath,
                Manifest = ManifestPath,
                Tolerance = tolerance,
                GoldenInputs = inputPaths,
                GoldenOutputs = outputPaths,
            },
        };
        return PackageSealer.Seal(files, template, signingKey);
    }

    private static Dictionary<string, NpyArray> ComputeOutputs(byte[] model, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        using InferenceSession session = InferenceSession.FromBytes(model);
        IReadOnlyList<NamedTensor> outputs = session.Run([.. inputs.Select(p => NpyTensors.ToTensor(p.Key, p.Value))]);
        return outputs.ToDictionary(o => o.Name, NpyTensors.ToNpy, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> AddGolden(Dictionary<string, byte[]> files, string role, IReadOnlyDictionary<string, NpyArray> arrays)
    {
        Dictionary<string, string> paths = new(StringComparer.Ordinal);
        foreach ((string name, NpyArray array) in arrays)
        {
            string path = $"{GoldenFolder}/{role}-{SafeFileName(name)}.npy";
            using MemoryStream stream = new();
            NpyFile.Write(stream, array);
            files[path] = stream.ToArray();
            paths[name] = path;
        }

        return paths;
    }

    /// <summary>A tensor name as a file name: anything but letters, digits, '-', '_' and '.' becomes '_'.</summary>
    private static string SafeFileName(string name)
    {
        StringBuilder safe = new(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && safe.Length > 0) ? c : '_');
        }

        return safe.ToString();
    }
}
