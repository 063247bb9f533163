using Payload.Hal.Imaging;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;

namespace Payload.Inference.FaultInjection;

/// <summary>Turns campaign tiles into model input tensors (float32, 1 × bands × size × size).</summary>
internal static class CampaignTileInputs
{
    public static float[] Load(CampaignTile tile, CampaignSpec spec, ModelManifest manifest, int tileSize)
    {
        if (tile.Seed is { } seed)
        {
            MultispectralScene scene = new SyntheticSceneGenerator(tileSize, tileSize).Generate(seed).Scene;
            return Normalise(scene, manifest, tileSize);
        }

        string path = spec.Resolve(tile.Npy!);
        NpyArray array;
        try
        {
            array = NpyFile.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpyFormatException)
        {
            throw new CampaignException($"Tile {path}: {e.Message}", e);
        }

        IReadOnlyList<int> shape = array.Shape;
        int lead = shape.Count == 4 && shape[0] == 1 ? 1 : 0;
        if (shape.Count - lead != 3 || shape[lead + 1] != tileSize || shape[lead + 2] != tileSize)
        {
            throw new CampaignException($"Tile {path}: shape {array.ShapeText}, expected (bands, {tileSize}, {tileSize}) or (1, bands, {tileSize}, {tileSize}).");
        }

        int bands = shape[lead];
        switch (array.DataType)
        {
            case NpyDataType.Float32:
                return array.AsSpan<float>().ToArray();
            case NpyDataType.UInt16:
            case NpyDataType.UInt8:
                if (bands != manifest.Bands.Count)
                {
                    throw new CampaignException($"Tile {path}: {bands} bands, manifest {manifest.Name} expects {manifest.Bands.Count} ({string.Join(", ", manifest.Bands)}).");
                }

                ushort[] samples = array.DataType == NpyDataType.UInt16 ? array.AsSpan<ushort>().ToArray() : [.. array.Data.Select(b => (ushort)b)];
                int bitDepth = array.DataType == NpyDataType.UInt16 ? 16 : 8;
                MultispectralScene scene = new(Path.GetFileNameWithoutExtension(path), DateTimeOffset.UnixEpoch, tileSize, tileSize, manifest.Bands, bitDepth, samples);
                return Normalise(scene, manifest, tileSize);
            default:
                throw new CampaignException($"Tile {path}: dtype {array.DataType}, expected float32 (model input) or uint16/uint8 (raw samples).");
        }
    }

    private static float[] Normalise(MultispectralScene scene, ModelManifest manifest, int tileSize)
    {
        TileInputWriter writer = new(manifest, scene.BandNames, tileSize);
        float[] input = new float[writer.ElementsPerTile];
        TilePlacement whole = new(0, 0, 0, 0, 0, tileSize, tileSize, 0, 0, tileSize, tileSize);
        writer.Write(scene, whole, input);
        return input;
    }
}
