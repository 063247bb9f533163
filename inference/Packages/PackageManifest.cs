using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Inference.Packages;

/// <summary>
/// The signed table of contents of a package (<c>package.json</c>): what it is, every file with its
/// SHA-256 and size, and for a model which files are the model, its manifest and the golden vectors.
/// </summary>
public sealed class PackageManifest
{
    /// <summary>Name of the package manifest inside a package.</summary>
    public const string FileName = "package.json";

    /// <summary>The layout version this code writes and accepts.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Format { get; init; } = CurrentFormat;

    public PackageKind Kind { get; init; }

    /// <summary>Model or build name.</summary>
    public string Name { get; init; } = "";

    public string Version { get; init; } = "";

    /// <summary>Every file of the package except this manifest and its signature.</summary>
    public IReadOnlyList<PackageFile> Files { get; init; } = [];

    /// <summary>Model packages only.</summary>
    public ModelPackageEntries? Model { get; init; }

    /// <summary>Bundles only: the runtime identifier the build was published for, e.g. <c>linux-arm64</c>.</summary>
    public string? Rid { get; init; }

    /// <summary>Parses a package manifest.</summary>
    /// <exception cref="PackageRejectedException">Not JSON of this shape, or inconsistent (<see cref="PackageRejection.ManifestInvalid"/>).</exception>
    public static PackageManifest Parse(ReadOnlySpan<byte> json)
    {
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new PackageRejectedException(PackageRejection.ManifestInvalid, $"{FileName}: {e.Path ?? "$"}: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new PackageRejectedException(PackageRejection.ManifestInvalid, $"{FileName}: the manifest is null");
        }

        manifest.Validate();
        return manifest;
    }

    /// <summary>The manifest as UTF-8 JSON, the exact bytes that are signed.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

    /// <summary>The entry for <paramref name="path"/>, or null.</summary>
    public PackageFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);

    private void Validate()
    {
        if (Format != CurrentFormat)
        {
            throw Invalid($"$.format: {Format} is not supported (expected {CurrentFormat})");
        }

        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Version))
        {
            throw Invalid($"$.name / $.version: both are required (found '{Name}' / '{Version}')");
        }

        HashSet<string> seen = new(StringComparer.Ordinal);
        for (int i = 0; i < Files.Count; i++)
        {
            PackageFile file = Files[i];
            PackagePaths.Check(file.Path);
            if (!seen.Add(file.Path))
            {
                throw Invalid($"$.files[{i}].path: '{file.Path}' is listed twice");
            }

            if (file.Sha256.Length != 64 || !file.Sha256.All(char.IsAsciiHexDigitLower))
            {
                throw Invalid($"$.files[{i}].sha256: '{file.Sha256}' is not 64 lower-case hex digits");
            }
        }

        switch (Kind)
        {
            case PackageKind.Model when Model is null:
                throw Invalid("$.model: a model package must name its model, manifest and golden vectors");
            case PackageKind.Model:
                ValidateModel(Model, seen);
                break;
            case PackageKind.Bundle when string.IsNullOrWhiteSpace(Rid):
                throw Invalid("$.rid: a bundle must name its runtime identifier");
        }
    }

    private static void ValidateModel(ModelPackageEntries model, HashSet<string> listed)
    {
        if (!double.IsFinite(model.Tolerance) || model.Tolerance < 0)
        {
            throw Invalid($"$.model.tolerance: {model.Tolerance} must be finite and at least 0");
        }

        if (model.GoldenInputs.Count == 0 || model.GoldenOutputs.Count == 0)
        {
            throw Invalid($"$.model: {model.GoldenInputs.Count} golden inputs and {model.GoldenOutputs.Count} golden outputs; at least one of each is required");
        }

        IEnumerable<(string Field, string Path)> named =
            new[] { ("$.model.model", model.Model), ("$.model.manifest", model.Manifest) }
                .Concat(model.GoldenInputs.Select(p => ($"$.model.goldenInputs.{p.Key}", p.Value)))
                .Concat(model.GoldenOutputs.Select(p => ($"$.model.goldenOutputs.{p.Key}", p.Value)));
        foreach ((string field, string path) in named)
        {
            if (!listed.Contains(path))
            {
                throw Invalid($"{field}: '{path}' is not among $.files");
            }
        }
    }

    private static PackageRejectedException Invalid(string what) => new(PackageRejection.ManifestInvalid, $"{FileName}: {what}");
}
