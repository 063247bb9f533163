using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Inference.Manifests;

/// <summary>
/// What the tile pipeline must know about a model that the <c>.onnx</c> file does not say: which
/// bands feed which input and how they are scaled, the tile size, the class names, and how the
/// output becomes a class map. Stored as JSON beside the model (see <c>inference/models/</c>).
/// </summary>
public sealed class ModelManifest
{
    /// <summary>Largest tile edge the pipeline accepts, in pixels.</summary>
    public const int MaxTileSize = 8192;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Model name, e.g. <c>payload-default-landcover</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>Model version, e.g. <c>1.0.0</c>.</summary>
    public string Version { get; init; } = "";

    /// <summary>Free text for operators.</summary>
    public string? Description { get; init; }

    /// <summary>Name of the model input tensor fed with <c>float32 [N, bands, tile, tile]</c>.</summary>
    public string InputName { get; init; } = "";

    /// <summary>Name of the model output tensor decoded into classes.</summary>
    public string OutputName { get; init; } = "";

    /// <summary>Scene band names in the order of the input's channel axis.</summary>
    public IReadOnlyList<string> Bands { get; init; } = [];

    /// <summary>Per band: multiplier applied to the raw sample.</summary>
    public IReadOnlyList<float> Scale { get; init; } = [];

    /// <summary>Per band: added after scaling.</summary>
    public IReadOnlyList<float> Offset { get; init; } = [];

    /// <summary>Affine only, or affine followed by a per-tile z-score.</summary>
    public InputNormalisation Normalisation { get; init; } = InputNormalisation.Affine;

    /// <summary>Edge of the square tiles the model is run on (the model's H and W when they are fixed).</summary>
    public int TileSize { get; init; }

    /// <summary>Default overlap between neighbouring tiles, in pixels.</summary>
    public int TileOverlap { get; init; }

    /// <summary>Class names, indexed by the decoded class value.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>How the output becomes a class map.</summary>
    public OutputDecoding? Decoding { get; init; }

    /// <summary>Classes that raise an alert product when they cover enough of a tile; empty for none.</summary>
    public IReadOnlyList<AlertClass> Alerts { get; init; } = [];

    /// <summary>Reads and validates the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="ModelManifestException">The file is missing, is not JSON of this shape, or fails validation.</exception>
    public static ModelManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ModelManifestException(path, [$"$: no manifest file at {path}"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelManifestException">The JSON is malformed or fails validation.</exception>
    public static ModelManifest Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelManifestException(source, [$"{e.Path ?? "$"}: {FirstSentence(e.Message)}"]);
        }

        if (manifest is null)
        {
            throw new ModelManifestException(source, ["$: the manifest is null"]);
        }

        IReadOnlyList<string> errors = manifest.Validate();
        if (errors.Count > 0)
        {
            throw new ModelManifestException(source, errors);
        }

        return manifest;
    }

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Index of the class called <paramref name="name"/>, or -1.</summary>
    public int IndexOfClass(string name)
    {
        for (int i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Every problem with the manifest, each as "JSON path: what is wrong (value)"; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        RequireText(errors, "$.name", Name);
        RequireText(errors, "$.version", Version);
        RequireText(errors, "$.inputName", InputName);
        RequireText(errors, "$.outputName", OutputName);
        RequireUniqueNames(errors, "$.bands", Bands, "band");
        RequireUniqueNames(errors, "$.classes", Classes, "class");

        if (Bands.Count > 0 && Scale.Count != Bands.Count)
        {
            errors.Add($"$.scale: {Scale.Count} values for {Bands.Count} bands; give one per band");
        }

        if (Bands.Count > 0 && Offset.Count != Bands.Count)
        {
            errors.Add($"$.offset: {Offset.Count} values for {Bands.Count} bands; give one per band");
        }

        for (int i = 0; i < Scale.Count; i++)
        {
            if (!float.IsFinite(Scale[i]) || Scale[i] == 0)
            {
                errors.Add($"$.scale[{i}]: {Format(Scale[i])} must be finite and non-zero");
            }
        }

        for (int i = 0; i < Offset.Count; i++)
        {
            if (!float.IsFinite(Offset[i]))
            {
                errors.Add($"$.offset[{i}]: {Format(Offset[i])} must be finite");
            }
        }

        if (!Enum.IsDefined(Normalisation))
        {
            errors.Add($"$.normalisation: {(int)Normalisation} is not affine or tileZScore");
        }

        if (TileSize is < 1 or > MaxTileSize)
        {
            errors.Add($"$.tileSize: {TileSize} is outside 1..{MaxTileSize}");
        }

        if (TileOverlap < 0 || (TileSize >= 1 && TileOverlap >= TileSize))
        {
            errors.Add($"$.tileOverlap: {TileOverlap} must be at least 0 and less than tileSize {TileSize}");
        }

        if (Classes.Count is > 0 and < 2)
        {
            errors.Add($"$.classes: {Classes.Count} class given; a class map needs at least 2");
        }

        if (Classes.Count > byte.MaxValue)
        {
            errors.Add($"$.classes: {Classes.Count} classes; class maps hold at most {byte.MaxValue}");
        }

        ValidateDecoding(errors);
        ValidateAlerts(errors);
        return errors;
    }

    private void ValidateAlerts(List<string> errors)
    {
        if (Alerts is null)
        {
            errors.Add("$.alerts: null; give [] for no alerts");
            return;
        }

        for (int i = 0; i < Alerts.Count; i++)
        {
            AlertClass alert = Alerts[i];
            if (Classes.Count > 0 && IndexOfClass(alert.Class ?? "") < 0)
            {
                errors.Add($"$.alerts[{i}].class: '{alert.Class}' is not one of the classes ({string.Join(", ", Classes)})");
            }

            if (!(alert.AreaThreshold > 0 && alert.AreaThreshold <= 1))
            {
                errors.Add($"$.alerts[{i}].areaThreshold: {alert.AreaThreshold.ToString("R", CultureInfo.InvariantCulture)} is outside (0, 1]");
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(Alerts[j].Class, alert.Class, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"$.alerts[{i}].class: '{alert.Class}' repeats $.alerts[{j}]");
                }
            }
        }
    }

    private void ValidateDecoding(List<string> errors)
    {
        if (Decoding is null)
        {
            errors.Add("$.decoding: missing; give {\"kind\": \"argmax\", \"axis\": 1} or {\"kind\": \"threshold\", \"channel\": 0, \"threshold\": 0}");
            return;
        }

        switch (Decoding.Kind)
        {
            case DecodingKind.Argmax:
                if (Decoding.Axis is not (1 or 3 or -1 or -3))
                {
                    errors.Add($"$.decoding.axis: {Decoding.Axis} is not a class axis of a 4-D output (1 or -3 for NCHW, 3 or -1 for NHWC)");
                }

                break;
            case DecodingKind.Threshold:
                if (Decoding.Channel < 0)
                {
                    errors.Add($"$.decoding.channel: {Decoding.Channel} must be at least 0");
                }

                if (!float.IsFinite(Decoding.Threshold))
                {
                    errors.Add($"$.decoding.threshold: {Format(Decoding.Threshold)} must be finite");
                }

                if (Classes.Count != 2)
                {
                    errors.Add($"$.classes: threshold decoding gives 2 classes but {Classes.Count} are named");
                }

                break;
            default:
                errors.Add($"$.decoding.kind: {(int)Decoding.Kind} is not argmax or threshold");
                break;
        }
    }

    private static void RequireText(List<string> errors, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{path}: missing or empty");
        }
    }

    private static void RequireUniqueNames(List<string> errors, string path, IReadOnlyList<string>? names, string what)
    {
        if (names is null || names.Count == 0)
        {
            errors.Add($"{path}: missing or empty; name at least one {what}");
            return;
        }

        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                errors.Add($"{path}[{i}]: empty {what} name");
                continue;
            }

            for (int j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{path}[{i}]: '{names[i]}' repeats {path}[{j}]");
                }
            }
        }
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
