using Payload.Inference.Pipeline;

namespace Payload.Inference.Tests.Pipeline;

public class TileGridTests
{
    [Test]
    public void Zero_overlap_tiles_a_multiple_exactly()
    {
        TileGrid grid = new(8, 4, tileSize: 4, overlap: 0);

        Assert.That((grid.Columns, grid.Rows, grid.Count), Is.EqualTo((2, 1, 2)));
        Assert.That(grid[1], Is.EqualTo(new TilePlacement(1, 0, 1, 4, 0, 4, 4, 4, 0, 4, 4)));
    }

    [Test]
    public void The_last_tile_runs_past_the_edge_and_reports_its_valid_part()
    {
        TileGrid grid = new(10, 4, tileSize: 4, overlap: 0);

        Assert.That(grid.Columns, Is.EqualTo(3));
        TilePlacement last = grid[2];
        Assert.That((last.X, last.ValidWidth, last.OwnedX, last.OwnedWidth), Is.EqualTo((8, 2, 8, 2)));
    }

    [Test]
    public void A_tile_larger_than_the_scene_is_one_padded_tile()
    {
        TileGrid grid = new(5, 3, tileSize: 16, overlap: 4);

        Assert.That(grid.Count, Is.EqualTo(1));
        Assert.That(grid[0], Is.EqualTo(new TilePlacement(0, 0, 0, 0, 0, 5, 3, 0, 0, 5, 3)));
    }

    [Test]
    public void Even_overlap_is_split_at_its_middle()
    {
        // Tiles at x = 0, 6, 12 (tile 8, overlap 2): overlaps [6,8) and [12,14).
        TileGrid grid = new(18, 8, tileSize: 8, overlap: 2);

        Assert.That(grid.Columns, Is.EqualTo(3));
        Assert.That(Enumerable.Range(0, 3).Select(i => (grid[i].X, grid[i].OwnedX, grid[i].OwnedWidth)),
            Is.EqualTo(new[] { (0, 0, 7), (6, 7, 6), (12, 13, 5) }));
    }

    [Test]
    public void The_middle_pixel_of_an_odd_overlap_goes_to_the_earlier_tile()
    {
        // Tiles at x = 0 and 5 (tile 8, overlap 3): overlap [5,8); pixel 6 is 1 from either edge.
        TileGrid grid = new(13, 8, tileSize: 8, overlap: 3);

        Assert.That((grid[0].OwnedX, grid[0].OwnedWidth), Is.EqualTo((0, 7)));
        Assert.That((grid[1].OwnedX, grid[1].OwnedWidth), Is.EqualTo((7, 6)));
    }

    [TestCase(37, 23, 8, 0)]
    [TestCase(37, 23, 8, 3)]
    [TestCase(64, 64, 16, 15)]
    [TestCase(7, 100, 32, 5)]
    [TestCase(1, 1, 1, 0)]
    public void Every_scene_pixel_is_owned_by_exactly_one_tile_that_covers_it(int width, int height, int tile, int overlap)
    {
        TileGrid grid = new(width, height, tile, overlap);
        int[] owners = new int[width * height];

        for (int i = 0; i < grid.Count; i++)
        {
            TilePlacement p = grid[i];
            for (int y = p.OwnedY; y < p.OwnedY + p.OwnedHeight; y++)
            {
                for (int x = p.OwnedX; x < p.OwnedX + p.OwnedWidth; x++)
                {
                    Assert.That(x - p.X, Is.InRange(0, p.ValidWidth - 1));
                    Assert.That(y - p.Y, Is.InRange(0, p.ValidHeight - 1));
                    owners[(y * width) + x]++;
                }
            }
        }

        Assert.That(owners, Has.All.EqualTo(1));
    }

    [TestCase(8, 8, "overlap 8")]
    [TestCase(8, 9, "overlap 9")]
    [TestCase(8, -1, "overlap -1")]
    [TestCase(0, 0, "Tile size 0")]
    public void Impossible_tilings_are_refused_naming_the_value(int tile, int overlap, string text)
    {
        Assert.That(() => new TileGrid(32, 32, tile, overlap), Throws.ArgumentException.With.Message.Contains(text));
    }

    [Test]
    public void An_empty_scene_is_refused()
    {
        Assert.That(() => new TileGrid(0, 5, 4, 0), Throws.ArgumentException.With.Message.Contains("0 x 5"));
    }

    [Test]
    public void Indexing_outside_the_grid_is_refused()
    {
        TileGrid grid = new(8, 8, 4, 0);

        Assert.That(() => grid[4], Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
