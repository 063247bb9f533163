using Payload.Inference.Manifests;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.Manifests;

public class ModelManifestTests
{
    private const string Valid = """
        {
          "name": "m", "version": "1",
          "inputName": "x", "outputName": "y",
          "bands": ["red", "nir"], "scale": [0.5, 0.25], "offset": [0, -1],
          "tileSize": 64, "tileOverlap": 8,
          "classes": ["a", "b", "c"],
          "decoding": { "kind": "argmax", "axis": 1 }
        }
        """;

    private static IEnumerable<TestCaseData> CommittedManifests() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "inference", "models"), "*.json", SearchOption.AllDirectories)
            .Select(path => new TestCaseData(path).SetName("Committed_manifest_is_valid_" + Path.GetFileNameWithoutExtension(path).Replace('-', '_')));

    [TestCaseSource(nameof(CommittedManifests))]
    public void Committed_manifest_is_valid(string path)
    {
        ModelManifest manifest = ModelManifest.Load(path);

        Assert.That(manifest.Validate(), Is.Empty);
        Assert.That(manifest.Scale, Has.Count.EqualTo(manifest.Bands.Count));
    }

    [Test]
    public void Committed_manifests_follow_the_documented_contracts_of_the_shared_models()
    {
        string dir = Path.Combine(RepositoryPaths.Root, "inference", "models");
        ModelManifest cunet = ModelManifest.Load(Path.Combine(dir, "cloud38-cunet-l8-rgb384.json"));
        ModelManifest s2 = ModelManifest.Load(Path.Combine(dir, "s2cloud-unet-rgbn224.json"));

        Assert.That(cunet.Bands, Is.EqualTo(new[] { "red", "green", "blue" }));
        Assert.That(cunet.Scale, Has.All.EqualTo(1f / 65535).Within(1e-12));
        Assert.That((cunet.TileSize, cunet.Decoding!.Kind, cunet.Decoding.Axis), Is.EqualTo((384, DecodingKind.Argmax, 1)));
        Assert.That(s2.Bands, Is.EqualTo(new[] { "red", "green", "blue", "nir" }));
        Assert.That((s2.Normalisation, s2.TileSize, s2.Decoding!.Kind, s2.Decoding.Threshold), Is.EqualTo((InputNormalisation.TileZScore, 224, DecodingKind.Threshold, 0f)));
    }

    [Test]
    public void Parses_every_field()
    {
        ModelManifest m = ModelManifest.Parse(Valid, "valid.json");

        Assert.That((m.Name, m.Version, m.InputName, m.OutputName), Is.EqualTo(("m", "1", "x", "y")));
        Assert.That(m.Bands, Is.EqualTo(new[] { "red", "nir" }));
        Assert.That(m.Scale, Is.EqualTo(new[] { 0.5f, 0.25f }));
        Assert.That(m.Offset, Is.EqualTo(new[] { 0f, -1f }));
        Assert.That((m.TileSize, m.TileOverlap, m.Normalisation), Is.EqualTo((64, 8, InputNormalisation.Affine)));
        Assert.That(m.IndexOfClass("C"), Is.EqualTo(2));
        Assert.That(m.IndexOfClass("d"), Is.EqualTo(-1));
    }

    [Test]
    public void Serialising_and_parsing_again_gives_the_same_manifest()
    {
        ModelManifest m = ModelManifest.Parse(Valid, "valid.json");

        ModelManifest back = ModelManifest.Parse(m.ToJson(), "again.json");

        Assert.That(back.ToJson(), Is.EqualTo(m.ToJson()));
    }

    [TestCase("\"scale\": [0.5, 0.25]", "\"scale\": [0.5]", "$.scale: 1 values for 2 bands")]
    [TestCase("\"scale\": [0.5, 0.25]", "\"scale\": [0.5, 0]", "$.scale[1]: 0 must be finite and non-zero")]
    [TestCase("\"offset\": [0, -1]", "\"offset\": [0, -1, 2]", "$.offset: 3 values for 2 bands")]
    [TestCase("\"bands\": [\"red\", \"nir\"]", "\"bands\": [\"red\", \"RED\"]", "$.bands[1]: 'RED' repeats $.bands[0]")]
    [TestCase("\"bands\": [\"red\", \"nir\"]", "\"bands\": [\"red\", \"\"]", "$.bands[1]: empty band name")]
    [TestCase("\"tileSize\": 64", "\"tileSize\": 0", "$.tileSize: 0 is outside 1..8192")]
    [TestCase("\"tileOverlap\": 8", "\"tileOverlap\": 64", "$.tileOverlap: 64 must be at least 0 and less than tileSize 64")]
    [TestCase("\"tileOverlap\": 8", "\"tileOverlap\": -1", "$.tileOverlap: -1")]
    [TestCase("\"classes\": [\"a\", \"b\", \"c\"]", "\"classes\": [\"a\"]", "$.classes: 1 class given")]
    [TestCase("\"name\": \"m\"", "\"name\": \" \"", "$.name: missing or empty")]
    [TestCase("\"inputName\": \"x\",", "", "$.inputName: missing or empty")]
    [TestCase("\"axis\": 1", "\"axis\": 2", "$.decoding.axis: 2 is not a class axis")]
    [TestCase("\"kind\": \"argmax\", \"axis\": 1", "\"kind\": \"threshold\", \"channel\": -2", "$.decoding.channel: -2")]
    [TestCase("\"kind\": \"argmax\", \"axis\": 1", "\"kind\": \"threshold\"", "$.classes: threshold decoding gives 2 classes but 3 are named")]
    [TestCase(",\n  \"decoding\": { \"kind\": \"argmax\", \"axis\": 1 }", "", "$.decoding: missing")]
    public void An_invalid_field_is_reported_with_its_json_path_and_value(string original, string replacement, string expected)
    {
        string json = Valid.Replace(original, replacement, StringComparison.Ordinal);
        Assert.That(json, Is.Not.EqualTo(Valid), "the test edits the manifest");

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(json, "bad.json"))!;

        Assert.That(error.Errors, Has.Some.StartsWith(expected));
        Assert.That(error.Message, Does.Contain("bad.json"));
    }

    [TestCase("\"tileSize\": 64", "\"tileSize\": \"big\"", "$.tileSize")]
    [TestCase("\"kind\": \"argmax\"", "\"kind\": \"softmax\"", "$.decoding.kind")]
    [TestCase("\"tileSize\": 64", "\"tileSise\": 64", "tileSise")]
    [TestCase("\"scale\": [0.5, 0.25]", "\"scale\": [0.5, \"x\"]", "$.scale[1]")]
    public void Malformed_json_is_reported_with_its_path(string original, string replacement, string expected)
    {
        string json = Valid.Replace(original, replacement, StringComparison.Ordinal);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(json, "bad.json"))!;

        Assert.That(error.Errors[0], Does.Contain(expected));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        string json = Valid.Replace("\"tileSize\": 64", "\"tileSize\": -5", StringComparison.Ordinal)
            .Replace("\"scale\": [0.5, 0.25]", "\"scale\": [0.5]", StringComparison.Ordinal);

        ModelManifestException error = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(json, "bad.json"))!;

        Assert.That(error.Errors, Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void A_missing_file_is_reported_with_its_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "payload-no-manifest.json");

        Assert.That(() => ModelManifest.Load(path), Throws.TypeOf<ModelManifestException>().With.Message.Contains(path));
    }

    [TestCase("")]
    [TestCase("null")]
    [TestCase("{")]
    [TestCase("[1, 2]")]
    public void Garbage_is_a_manifest_error_not_a_crash(string json)
    {
        Assert.That(() => ModelManifest.Parse(json, "junk.json"), Throws.TypeOf<ModelManifestException>().With.Message.Contains("junk.json"));
    }

    [Test]
    public void Alert_classes_are_read_with_their_area_thresholds()
    {
        ModelManifest m = ModelManifest.Parse(Valid.Replace("\"decoding\"", "\"alerts\": [{ \"class\": \"b\", \"areaThreshold\": 0.25 }], \"decoding\"", StringComparison.Ordinal), "alerts.json");

        Assert.That(m.Alerts.Select(a => (a.Class, a.AreaThreshold)), Is.EqualTo(new[] { ("b", 0.25) }));
        Assert.That(ModelManifest.Parse(Valid, "valid.json").Alerts, Is.Empty, "no alerts unless named");
    }

    [TestCase("""[{ "class": "d", "areaThreshold": 0.5 }]""", "$.alerts[0].class: 'd' is not one of the classes (a, b, c)")]
    [TestCase("""[{ "class": "a", "areaThreshold": 0 }]""", "$.alerts[0].areaThreshold: 0 is outside (0, 1]")]
    [TestCase("""[{ "class": "a", "areaThreshold": 1.5 }]""", "$.alerts[0].areaThreshold: 1.5 is outside (0, 1]")]
    [TestCase("""[{ "class": "a", "areaThreshold": 0.5 }, { "class": "A", "areaThreshold": 0.7 }]""", "$.alerts[1].class: 'A' repeats $.alerts[0]")]
    public void Bad_alert_class_is_named_with_its_value(string alerts, string expected)
    {
        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Parse(Valid.Replace("\"decoding\"", $"\"alerts\": {alerts}, \"decoding\"", StringComparison.Ordinal), "alerts.json"))!;

        Assert.That(e.Errors, Does.Contain(expected));
    }

    [Test]
    public void The_default_model_raises_a_flood_alert_on_half_a_tile_of_water()
    {
        ModelManifest m = ModelManifest.Load(Path.Combine(RepositoryPaths.Root, "inference", "models", "default", "manifest.json"));

        Assert.That(m.Alerts.Select(a => (a.Class, a.AreaThreshold)), Is.EqualTo(new[] { ("water", 0.5) }));
    }
}
