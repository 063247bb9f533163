using Payload.Inference.Pipeline;

namespace Payload.Inference.Tests.Pipeline;

public class SceneProductsTests
{
    [Test]
    public void Overlapping_tiles_are_stitched_by_the_middle_of_the_overlap_rule()
    {
        // 13 x 1 scene, tiles of 8 with overlap 3 at x = 0 and 5; every tile says "my index".
        TileGrid grid = new(13, 1, tileSize: 8, overlap: 3);
        SceneProducts products = new(grid, ["zero", "one"]);
        products.Begin("s");

        for (int i = 0; i < grid.Count; i++)
        {
            byte[] classes = Enumerable.Repeat((byte)i, 64).ToArray();
            float[] confidence = Enumerable.Repeat(0.5f + (0.25f * i), 64).ToArray();
            products.Accept(i, classes, confidence);
        }

        Assert.That(products.ClassMap.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1 }));
        Assert.That(products.Confidence[6], Is.EqualTo(0.5f));
        Assert.That(products.Confidence[7], Is.EqualTo(0.75f));
    }

    [Test]
    public void Tile_products_cover_only_the_pixels_inside_the_scene()
    {
        // 3 x 2 scene in one 4 x 4 tile: padding pixels say class 1 and must not count.
        TileGrid grid = new(3, 2, tileSize: 4, overlap: 0);
        SceneProducts products = new(grid, ["land", "water"]);
        byte[] classes =
        [
            0, 1, 0, 1,
            0, 0, 0, 1,
            1, 1, 1, 1,
            1, 1, 1, 1,
        ];
        float[] confidence =
        [
            0.5f, 1.0f, 0.75f, 0,
            0.25f, 0.5f, 1.0f, 0,
            0, 0, 0, 0,
            0, 0, 0, 0,
        ];
        products.Begin("scene-7");

        products.Accept(0, classes, confidence);

        TileProduct tile = products.Tiles[0];
        Assert.That(tile.ValidPixels, Is.EqualTo(6));
        Assert.That(tile.ClassMap.ToArray(), Is.EqualTo(new byte[] { 0, 1, 0, 0, 0, 0 }));
        Assert.That(tile.ClassPixelCounts.ToArray(), Is.EqualTo(new[] { 5, 1 }));
        Assert.That(tile.ClassFraction(1), Is.EqualTo(1 / 6.0));
        Assert.That((tile.ConfidenceMin, tile.ConfidenceMax), Is.EqualTo((0.25f, 1.0f)));
        Assert.That(tile.ConfidenceMean, Is.EqualTo(4.0f / 6).Within(1e-6));
        Assert.That(tile.DominantClass, Is.EqualTo(0));

        SceneSummary summary = products.Summarise();
        Assert.That(summary.SceneId, Is.EqualTo("scene-7"));
        Assert.That(summary.ClassFractions, Is.EqualTo(new[] { 5 / 6.0, 1 / 6.0 }).Within(1e-12));
        Assert.That(summary.ConfidenceMean, Is.EqualTo(4.0 / 6).Within(1e-6));
        Assert.That((summary.TileCount, summary.Width, summary.Height, summary.DominantClass), Is.EqualTo((1, 3, 2, 0)));
    }

    [Test]
    public void Reusing_the_products_for_a_second_scene_forgets_the_first()
    {
        TileGrid grid = new(2, 2, tileSize: 2, overlap: 0);
        SceneProducts products = new(grid, ["a", "b"]);
        products.Begin("first");
        products.Accept(0, new byte[] { 1, 1, 1, 1 }, new float[] { 1, 1, 1, 1 });

        products.Begin("second");
        products.Accept(0, new byte[] { 0, 0, 0, 1 }, new float[] { 0.5f, 0.5f, 0.5f, 0.5f });

        Assert.That(products.Tiles[0].ClassPixelCounts.ToArray(), Is.EqualTo(new[] { 3, 1 }));
        Assert.That(products.Summarise().ClassFractions, Is.EqualTo(new[] { 0.75, 0.25 }));
    }
}
