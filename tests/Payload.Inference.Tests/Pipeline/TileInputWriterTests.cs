using Payload.Hal.Imaging;
using Payload.Inference.Manifests;
using Payload.Inference.Pipeline;

namespace Payload.Inference.Tests.Pipeline;

public class TileInputWriterTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 3 x 2 scene, bands blue/red/nir; sample = 100 * band + 10 * y + x.
    private static MultispectralScene TinyScene()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("tiny", Time, 3, 2, ["blue", "red", "nir"], 12);
        for (int b = 0; b < 3; b++)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    scene.Band(b)[(y * 3) + x] = (ushort)((100 * b) + (10 * y) + x);
                }
            }
        }

        return scene;
    }

    private static ModelManifest Manifest(string[] bands, float[] scale, float[] offset, InputNormalisation normalisation = InputNormalisation.Affine) => new()
    {
        Name = "t",
        Version = "1",
        InputName = "x",
        OutputName = "y",
        Bands = bands,
        Scale = scale,
        Offset = offset,
        Normalisation = normalisation,
        TileSize = 4,
        Classes = ["a", "b"],
        Decoding = new OutputDecoding(),
    };

    [Test]
    public void Selects_bands_in_manifest_order_scales_and_replicates_the_edges()
    {
        MultispectralScene scene = TinyScene();
        TileInputWriter writer = new(Manifest(["NIR", "blue"], [0.5f, 1f], [1f, -2f]), scene.BandNames, tileSize: 4);
        TileGrid grid = new(3, 2, 4, 0);
        float[] input = new float[writer.ElementsPerTile];

        writer.Write(scene, grid[0], input);

        float[] nir =
        [
            101, 101.5f, 102, 102,
            106, 106.5f, 107, 107,
            106, 106.5f, 107, 107,
            106, 106.5f, 107, 107,
        ];
        float[] blue =
        [
            -2, -1, 0, 0,
            8, 9, 10, 10,
            8, 9, 10, 10,
            8, 9, 10, 10,
        ];
        Assert.That(input, Is.EqualTo(nir.Concat(blue).ToArray()));
    }

    [Test]
    public void A_tile_away_from_the_origin_reads_its_own_window()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("w", Time, 40, 3, ["red"], 12);
        for (int i = 0; i < scene.PixelCount; i++)
        {
            scene.Band(0)[i] = (ushort)i;
        }

        TileInputWriter writer = new(Manifest(["red"], [1f], [0f]), scene.BandNames, tileSize: 4);
        TileGrid grid = new(40, 3, 4, 1);
        TilePlacement p = grid[1];
        float[] input = new float[writer.ElementsPerTile];

        writer.Write(scene, p, input);

        Assert.That(p.X, Is.EqualTo(3));
        Assert.That(input[..4], Is.EqualTo(new float[] { 3, 4, 5, 6 }));
        Assert.That(input[12..], Is.EqualTo(new float[] { 83, 84, 85, 86 }), "row 3 repeats the last scene row (2)");
    }

    [Test]
    public void Long_rows_take_the_vector_path_and_match_scalar_arithmetic()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("v", Time, 70, 1, ["red"], 16);
        for (int i = 0; i < 70; i++)
        {
            scene.Band(0)[i] = (ushort)(65535 - (i * 937));
        }

        TileInputWriter writer = new(Manifest(["red"], [1f / 65535], [0.25f]), scene.BandNames, tileSize: 70);
        float[] input = new float[writer.ElementsPerTile];

        writer.Write(scene, new TileGrid(70, 1, 70, 0)[0], input);

        for (int i = 0; i < 70; i++)
        {
            Assert.That(input[i], Is.EqualTo((scene.Band(0)[i] * (1f / 65535)) + 0.25f).Within(1e-6f));
        }
    }

    [Test]
    public void Tile_z_score_gives_zero_mean_and_unit_variance_over_the_whole_tile()
    {
        MultispectralScene scene = TinyScene();
        TileInputWriter writer = new(Manifest(["blue", "red"], [1f, 1f], [0f, 0f], InputNormalisation.TileZScore), scene.BandNames, 4);
        float[] input = new float[writer.ElementsPerTile];

        writer.Write(scene, new TileGrid(3, 2, 4, 0)[0], input);

        double mean = input.Average();
        double variance = input.Select(v => (v - mean) * (v - mean)).Average();
        Assert.That(mean, Is.EqualTo(0).Within(1e-5));
        Assert.That(variance, Is.EqualTo(1).Within(1e-4));
    }

    [Test]
    public void A_flat_tile_under_z_score_becomes_zeros_not_nan()
    {
        MultispectralScene scene = MultispectralScene.CreateEmpty("flat", Time, 2, 2, ["red"], 12);
        scene.Band(0).Fill(500);
        TileInputWriter writer = new(Manifest(["red"], [1f], [0f], InputNormalisation.TileZScore), scene.BandNames, 2);
        float[] input = new float[writer.ElementsPerTile];

        writer.Write(scene, new TileGrid(2, 2, 2, 0)[0], input);

        Assert.That(input, Has.All.EqualTo(0f));
    }

    [Test]
    public void A_band_the_scene_lacks_is_named_with_the_bands_it_has()
    {
        Assert.That(
            () => new TileInputWriter(Manifest(["red", "swir"], [1, 1], [0, 0]), ["blue", "red", "nir"], 4),
            Throws.ArgumentException.With.Message.Contains("'swir'").And.Message.Contains("$.bands[1]").And.Message.Contains("blue, red, nir"));
    }
}
