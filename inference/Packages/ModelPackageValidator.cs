using System.Globalization;
using System.Text;
using Payload.Hal.Imaging;
using Payload.Inference.Manifests;
using Payload.Inference.Runtime;

namespace Payload.Inference.Packages;

/// <summary>
/// The model links of the on-board chain, after <see cref="PackageVerifier"/>: load into ONNX Runtime,
/// check the model's tensors against the manifest and the golden vectors, run the golden vectors.
/// Each step is a separate call so the caller can report it.
/// </summary>
public static class ModelPackageValidator
{
    /// <summary>Index of the channel (band / class) axis of the NCHW input and output.</summary>
    private const int ChannelAxis = 1;

    private const int ImageRank = 4;

    /// <summary>Parses the model manifest and loads the model into ONNX Runtime.</summary>
    /// <exception cref="PackageRejectedException"><see cref="PackageRejection.WrongKind"/> or <see cref="PackageRejection.ModelUnloadable"/>.</exception>
    public static (InferenceSession Session, ModelManifest Manifest) Load(VerifiedPackage package, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ModelPackageEntries entries = Entries(package);
        ModelManifest manifest;
        try
        {
            manifest = ModelManifest.Parse(Encoding.UTF8.GetString(package.File(entries.Manifest)), entries.Manifest);
        }
        catch (ModelManifestException e)
        {
            throw new PackageRejectedException(PackageRejection.ModelUnloadable, e.Message, e);
        }

        try
        {
            return (InferenceSession.FromBytes(package.File(entries.Model), options), manifest);
        }
        catch (OnnxRuntimeException e)
        {
            throw new PackageRejectedException(PackageRejection.ModelUnloadable, $"{entries.Model}: ONNX Runtime cannot load the model: {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks that the manifest's input and output exist in the model as float32 NCHW tensors whose fixed
    /// channel and spatial sizes agree with the bands, classes and tile size, and that every golden
    /// vector names a model tensor of its element type and an accepted shape.
    /// </summary>
    /// <exception cref="PackageRejectedException"><see cref="PackageRejection.TensorMismatch"/>, naming the tensor and the values.</exception>
    public static void CheckTensors(InferenceSession session, ModelManifest manifest, VerifiedPackage package)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(manifest);
        ModelPackageEntries entries = Entries(package);

        TensorInfo input = FindTensor(session.Inputs, manifest.InputName, "input", "$.inputName");
        CheckImageTensor(input, "$.inputName", manifest.Bands.Count, "bands", manifest.TileSize);
        TensorInfo output = FindTensor(session.Outputs, manifest.OutputName, "output", "$.outputName");
        int expectedClasses = manifest.Decoding?.Kind == DecodingKind.Argmax ? manifest.Classes.Count : -1;
        CheckImageTensor(output, "$.outputName", expectedClasses, "classes", manifest.TileSize);

        foreach ((string name, string path) in entries.GoldenInputs)
        {
            TensorInfo info = FindTensor(session.Inputs, name, "input", $"golden input {path}");
            CheckGoldenFits(info, ReadNpy(package, path), path);
        }

        foreach ((string name, string path) in entries.GoldenOutputs)
        {
            TensorInfo info = FindTensor(session.Outputs, name, "output", $"golden output {path}");
            CheckGoldenFits(info, ReadNpy(package, path), path);
        }
    }

    /// <summary>Runs the golden inputs and compares every golden output within the package's tolerance.</summary>
    /// <exception cref="PackageRejectedException">
    /// <see cref="PackageRejection.GoldenMismatch"/> naming the tensor and its max error, or
    /// <see cref="PackageRejection.ModelUnloadable"/> when the run itself fails.
    /// </exception>
    public static IReadOnlyList<GoldenComparison> RunGolden(InferenceSession session, VerifiedPackage package)
    {
        ArgumentNullException.ThrowIfNull(session);
        ModelPackageEntries entries = Entries(package);
        NamedTensor[] inputs = [.. entries.GoldenInputs.Select(p => NpyTensors.ToTensor(p.Key, ReadNpy(package, p.Value)))];
        string[] outputNames = [.. entries.GoldenOutputs.Keys];
        IReadOnlyList<NamedTensor> actual;
        try
        {
            actual = session.Run(inputs, outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new PackageRejectedException(PackageRejection.ModelUnloadable, $"running the golden inputs failed: {e.Message}", e);
        }

        List<GoldenComparison> results = [];
        for (int i = 0; i < outputNames.Length; i++)
        {
            string path = entries.GoldenOutputs[outputNames[i]];
            NamedTensor expected = NpyTensors.ToTensor(outputNames[i], ReadNpy(package, path));
            if (!expected.Shape.SequenceEqual(actual[i].Shape))
            {
                throw new PackageRejectedException(
                    PackageRejection.GoldenMismatch,
                    $"golden output '{outputNames[i]}': the model produced shape [{string.Join(",", actual[i].Shape)}], {path} holds [{string.Join(",", expected.Shape)}]");
            }

            GoldenComparison comparison = new(outputNames[i], MaxAbsoluteError(NpyTensors.Values(expected), NpyTensors.Values(actual[i])), entries.Tolerance);
            if (!comparison.Passed)
            {
                throw new PackageRejectedException(
                    PackageRejection.GoldenMismatch,
                    string.Create(CultureInfo.InvariantCulture, $"golden output '{comparison.Tensor}': max error {comparison.MaxError:G6} exceeds tolerance {comparison.Tolerance:G6}"));
            }

            results.Add(comparison);
        }

        return results;
    }

    /// <summary>Largest |expected - actual|; infinite when one side is NaN and the other is not.</summary>
    internal static double MaxAbsoluteError(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            double error = double.IsNaN(e) || double.IsNaN(a)
                ? (double.IsNaN(e) && double.IsNaN(a) ? 0 : double.PositiveInfinity)
                : e == a ? 0 : Math.Abs(e - a);
            max = Math.Max(max, double.IsNaN(error) ? double.PositiveInfinity : error);
        }

        return max;
    }

    internal static NpyArray ReadNpy(VerifiedPackage package, string path)
    {
        try
        {
            return NpyFile.Parse(package.File(path), path);
        }
        catch (NpyFormatException e)
        {
            throw new PackageRejectedException(PackageRejection.TensorMismatch, e.Message, e);
        }
    }

    private static ModelPackageEntries Entries(VerifiedPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Kind != PackageKind.Model || package.Manifest.Model is null)
        {
            throw new PackageRejectedException(PackageRejection.WrongKind, $"{package.Contents.Source}: a {package.Manifest.Kind} package, expected a model package");
        }

        return package.Manifest.Model;
    }

    private static TensorInfo FindTensor(IReadOnlyList<TensorInfo> tensors, string name, string role, string namedBy) =>
        tensors.FirstOrDefault(t => t.Name == name)
            ?? throw new PackageRejectedException(
                PackageRejection.TensorMismatch,
                $"{namedBy} names {role} '{name}', but the model's {role}s are {string.Join(", ", tensors.Select(t => t.ToString()))}");

    private static void CheckImageTensor(TensorInfo tensor, string field, int channels, string channelWhat, int tileSize)
    {
        if (tensor.ElementType != TensorElementType.Float32 || tensor.Shape.Count != ImageRank)
        {
            throw new PackageRejectedException(PackageRejection.TensorMismatch, $"{field} '{tensor.Name}' is {tensor}, expected float32 of rank {ImageRank} (NCHW)");
        }

        long channelDim = tensor.Shape[ChannelAxis];
        if (channels > 0 && channelDim >= 0 && channelDim != channels)
        {
            throw new PackageRejectedException(PackageRejection.TensorMismatch, $"{field} '{tensor.Name}' has {channelDim} channels, the manifest names {channels} {channelWhat}");
        }

        for (int axis = ImageRank - 2; axis < ImageRank; axis++)
        {
            if (tensor.Shape[axis] >= 0 && tensor.Shape[axis] != tileSize)
            {
                throw new PackageRejectedException(PackageRejection.TensorMismatch, $"{field} '{tensor.Name}' has fixed size {tensor.Shape[axis]} on axis {axis}, the manifest's tileSize is {tileSize}");
            }
        }
    }

    private static void CheckGoldenFits(TensorInfo info, NpyArray array, string path)
    {
        NamedTensor tensor = NpyTensors.ToTensor(info.Name, array);
        if (!info.Accepts(tensor.ElementType, [.. tensor.Shape]))
        {
            throw new PackageRejectedException(
                PackageRejection.TensorMismatch, $"{path} holds {tensor}, but the model declares {info}");
        }
    }
}
