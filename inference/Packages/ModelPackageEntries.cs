namespace Payload.Inference.Packages;

/// <summary>The model-specific part of a package manifest: which file is which, and the golden check.</summary>
public sealed class ModelPackageEntries
{
    /// <summary>Package path of the ONNX model.</summary>
    public string Model { get; init; } = "";

    /// <summary>Package path of the <see cref="Manifests.ModelManifest"/> JSON.</summary>
    public string Manifest { get; init; } = "";

    /// <summary>Largest absolute difference allowed between a golden output and the model's output.</summary>
    public double Tolerance { get; init; }

    /// <summary>Model input name → package path of its golden <c>.npy</c>.</summary>
    public IReadOnlyDictionary<string, string> GoldenInputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Model output name → package path of its expected <c>.npy</c>.</summary>
    public IReadOnlyDictionary<string, string> GoldenOutputs { get; init; } = new Dictionary<string, string>();
}
