using System.Text.Json;
using System.Text.Json.Serialization;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// A fault-injection campaign as written in its JSON file: which model and tiles, which protection,
/// how many injections and how they are spread over targets, bit fields and fault models. Relative
/// paths are relative to the spec file.
/// </summary>
public sealed class CampaignSpec
{
    /// <summary>The .onnx model.</summary>
    public string Model { get; init; } = "";

    /// <summary>The model's manifest (bands, scaling, decoding).</summary>
    public string Manifest { get; init; } = "";

    /// <summary>Tile edge in pixels; 0 takes the manifest's tileSize.</summary>
    public int TileSize { get; init; }

    /// <summary>The tiles injections run on: synthetic scenes by seed, or .npy files.</summary>
    public IReadOnlyList<CampaignTile> Tiles { get; init; } = [];

    /// <summary>Protection mode: <c>none</c>, <c>dmr</c>, <c>tmr</c>, <c>dmr-scrub</c> or <c>range-guards</c>.</summary>
    public CampaignProtection Protection { get; init; } = CampaignProtection.None;

    /// <summary>Seed of the injection list.</summary>
    public int Seed { get; init; }

    /// <summary>Number of injections.</summary>
    public int Injections { get; init; }

    /// <summary>Relative weights of the targets (missing = 0).</summary>
    public IReadOnlyDictionary<FaultTarget, double> Targets { get; init; } = new Dictionary<FaultTarget, double> { [FaultTarget.Weight] = 1, [FaultTarget.Activation] = 1, [FaultTarget.Input] = 1 };

    /// <summary>Relative weights of the float32 bit fields hit (missing = 0).</summary>
    public IReadOnlyDictionary<BitField, double> BitFields { get; init; } = new Dictionary<BitField, double> { [BitField.Sign] = 1, [BitField.Exponent] = 8, [BitField.Mantissa] = 23 };

    /// <summary>Relative weights of the fault models (missing = 0).</summary>
    public IReadOnlyDictionary<FaultModel, double> FaultModels { get; init; } = new Dictionary<FaultModel, double> { [FaultModel.SingleBit] = 1 };

    /// <summary>Bits flipped by <see cref="FaultModel.AdjacentBits"/>.</summary>
    public int AdjacentWidth { get; init; } = 2;

    /// <summary>CADU target: Reed-Solomon interleaving depth of the codeblock (CCSDS 131.0-B §4.3: 1, 2, 3, 4, 5 or 8).</summary>
    public int CaduInterleave { get; init; } = 1;

    /// <summary>CADU target: consecutive codeblock bytes each injection's fault hits (a burst on the link).</summary>
    public int CaduBurstBytes { get; init; } = 1;

    /// <summary>
    /// Floor of the hang watchdog in milliseconds: the timeout is 10 × the golden run time but never
    /// below this, so a busy machine's scheduling hiccup is not called a hang.
    /// </summary>
    public int HangFloorMilliseconds { get; init; } = 1000;

    /// <summary>The folder relative paths are resolved against.</summary>
    [JsonIgnore]
    public string BaseDirectory { get; init; } = "";

    internal static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Reads and checks a spec file.</summary>
    /// <exception cref="CampaignException">The file is not valid JSON or a field is out of range.</exception>
    public static CampaignSpec Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CampaignException($"Campaign spec {path}: {e.Message}", e);
        }

        return Parse(json, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", path);
    }

    /// <summary>Parses and checks a spec; <paramref name="baseDirectory"/> anchors relative paths.</summary>
    /// <exception cref="CampaignException">The JSON is invalid or a field is out of range.</exception>
    public static CampaignSpec Parse(string json, string baseDirectory, string source = "campaign spec")
    {
        CampaignSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<CampaignSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CampaignException($"{source}: {e.Message}", e);
        }

        if (spec is null)
        {
            throw new CampaignException($"{source}: the file holds null, expected a campaign object.");
        }

        spec = spec.WithBase(baseDirectory);
        spec.Check(source);
        return spec;
    }

    /// <summary>The spec as JSON (paths as given).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>A path from the spec made absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>The same campaign (same seed, same injections) under another protection.</summary>
    public CampaignSpec WithProtection(CampaignProtection protection)
    {
        CampaignSpec copy = WithBase(BaseDirectory);
        return new CampaignSpec
        {
            Model = copy.Model, Manifest = copy.Manifest, TileSize = copy.TileSize, Tiles = copy.Tiles, Protection = protection, Seed = copy.Seed,
            Injections = copy.Injections, Targets = copy.Targets, BitFields = copy.BitFields, FaultModels = copy.FaultModels, AdjacentWidth = copy.AdjacentWidth,
            CaduInterleave = copy.CaduInterleave, CaduBurstBytes = copy.CaduBurstBytes, HangFloorMilliseconds = copy.HangFloorMilliseconds, BaseDirectory = copy.BaseDirectory,
        };
    }

    internal CampaignSpec WithBase(string baseDirectory) => new()
    {
        Model = Model, Manifest = Manifest, TileSize = TileSize, Tiles = Tiles, Protection = Protection, Seed = Seed,
        Injections = Injections, Targets = Targets, BitFields = BitFields, FaultModels = FaultModels, AdjacentWidth = AdjacentWidth,
        CaduInterleave = CaduInterleave, CaduBurstBytes = CaduBurstBytes, HangFloorMilliseconds = HangFloorMilliseconds, BaseDirectory = baseDirectory,
    };

    private void Check(string source)
    {
        Require(Model.Length > 0, "model", "(missing)", "a path to an .onnx file");
        Require(Manifest.Length > 0, "manifest", "(missing)", "a path to the model's manifest");
        Require(Tiles.Count > 0, "tiles", "[]", "at least one tile");
        Require(Injections > 0, "injections", Injections, "a positive count");
        Require(TileSize >= 0, "tileSize", TileSize, "0 (manifest) or a positive edge");
        Require(AdjacentWidth is >= 2 and <= 32, "adjacentWidth", AdjacentWidth, "2..32");
        Require(CaduInterleave is 1 or 2 or 3 or 4 or 5 or 8, "caduInterleave", CaduInterleave, "1, 2, 3, 4, 5 or 8");
        Require(CaduBurstBytes is >= 1 and <= 255, "caduBurstBytes", CaduBurstBytes, "1..255");
        Require(HangFloorMilliseconds > 0, "hangFloorMilliseconds", HangFloorMilliseconds, "a positive count");
        Require(Enum.IsDefined(Protection), "protection", Protection, "none, dmr, tmr, dmr-scrub or range-guards");
        CheckWeights(Targets, "targets");
        CheckWeights(BitFields, "bitFields");
        CheckWeights(FaultModels, "faultModels");
        for (int i = 0; i < Tiles.Count; i++)
        {
            CampaignTile tile = Tiles[i];
            Require((tile.Seed is null) != (tile.Npy is null), $"tiles[{i}]", tile, "either seed or npy");
        }

        void CheckWeights<TKey>(IReadOnlyDictionary<TKey, double> weights, string field)
            where TKey : notnull
        {
            foreach ((TKey key, double weight) in weights)
            {
                Require(double.IsFinite(weight) && weight >= 0, $"{field}.{key}", weight, "a finite weight >= 0");
            }

            Require(weights.Values.Sum() > 0, field, "all zero", "at least one positive weight");
        }

        void Require(bool ok, string field, object value, string expected)
        {
            if (!ok)
            {
                throw new CampaignException($"{source}: {field} is {value}, expected {expected}.");
            }
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        JsonSerializerOptions options = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.KebabCaseLower,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return options;
    }
}
