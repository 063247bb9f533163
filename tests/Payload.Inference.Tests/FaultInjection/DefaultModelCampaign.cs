using Payload.Inference.FaultInjection;
using Payload.Tests.Shared;

namespace Payload.Inference.Tests.FaultInjection;

/// <summary>Campaign specs on the default model with small tiles, so a few hundred injections stay fast.</summary>
internal static class DefaultModelCampaign
{
    public const int TileSize = 64;

    public static string ModelDirectory => Path.Combine(RepositoryPaths.Root, "inference", "models", "default");

    public static CampaignSpec Spec(int injections, int seed = 5, IReadOnlyDictionary<FaultTarget, double>? targets = null, CampaignProtection protection = CampaignProtection.None) =>
        new CampaignSpec
        {
            Model = "model.onnx",
            Manifest = "manifest.json",
            TileSize = TileSize,
            Tiles = [new CampaignTile { Seed = 11 }, new CampaignTile { Seed = 12 }],
            Seed = seed,
            Protection = protection,
            Injections = injections,
            Targets = targets ?? new Dictionary<FaultTarget, double> { [FaultTarget.Weight] = 1, [FaultTarget.Activation] = 1, [FaultTarget.Input] = 1 },
            BitFields = new Dictionary<BitField, double> { [BitField.Sign] = 1, [BitField.Exponent] = 2, [BitField.Mantissa] = 1 },
        }.WithBase(ModelDirectory);
}
