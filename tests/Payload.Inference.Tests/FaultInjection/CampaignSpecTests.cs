using Payload.Inference.FaultInjection;

namespace Payload.Inference.Tests.FaultInjection;

public class CampaignSpecTests
{
    private const string Valid = """
        {
          "model": "m.onnx", "manifest": "m.json", "tileSize": 64,
          "tiles": [{ "seed": 1 }, { "npy": "t.npy" }],
          "protection": "none", "seed": 7, "injections": 10,
          "targets": { "weight": 1, "activation": 2 },
          "bitFields": { "exponent": 1 },
          "faultModels": { "single-bit": 3, "adjacent-bits": 1, "byte-stuck-at": 1, "random-byte": 1 }
        }
        """;

    [Test]
    public void Valid_spec_parses_with_kebab_case_enums_and_resolves_paths()
    {
        CampaignSpec spec = CampaignSpec.Parse(Valid, "/data/c");

        Assert.That(spec.Targets[FaultTarget.Activation], Is.EqualTo(2));
        Assert.That(spec.FaultModels[FaultModel.ByteStuckAt], Is.EqualTo(1));
        Assert.That(spec.Tiles[1].Npy, Is.EqualTo("t.npy"));
        Assert.That(spec.Resolve(spec.Model), Is.EqualTo("/data/c/m.onnx"));
    }

    [TestCase("\"injections\": 10", "\"injections\": 0", "injections")]
    [TestCase("{ \"seed\": 1 }", "{ }", "tiles[0]")]
    [TestCase("\"protection\": \"none\"", "\"protection\": \"quad\"", "protection")]
    [TestCase("\"weight\": 1, \"activation\": 2", "\"weight\": -1", "targets.Weight")]
    [TestCase("\"exponent\": 1", "\"exponent\": 0", "bitFields")]
    [TestCase("\"seed\": 7", "\"seed\": 7, \"colour\": 1", "colour")]
    [TestCase("\"single-bit\": 3", "\"cosmic-ray\": 3", "cosmic-ray")]
    public void Bad_field_is_named_in_the_error(string from, string to, string named)
    {
        string json = Valid.Replace(from, to, StringComparison.Ordinal);

        Assert.That(() => CampaignSpec.Parse(json, "/"), Throws.TypeOf<CampaignException>().With.Message.Contains(named));
    }

    [TestCase("")]
    [TestCase("null")]
    [TestCase("{ \"model\": ")]
    public void Truncated_or_empty_spec_is_refused(string json)
    {
        Assert.That(() => CampaignSpec.Parse(json, "/"), Throws.TypeOf<CampaignException>());
    }
}
