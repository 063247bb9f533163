namespace Payload.Inference.Pipeline;

/// <summary>
/// Everything the pipeline produces for one scene: the stitched class map and confidence map, one
/// <see cref="TileProduct"/> per tile, and the <see cref="SceneSummary"/>. Allocated once per
/// scene size and reused, so processing a tile allocates nothing.
/// </summary>
public sealed class SceneProducts
{
    private readonly byte[] _classMap;
    private readonly float[] _confidence;
    private readonly TileProduct[] _tiles;

    /// <summary>Creates empty products for scenes cut by <paramref name="grid"/> into <paramref name="classNames"/>.</summary>
    public SceneProducts(TileGrid grid, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(classNames);
        Grid = grid;
        ClassNames = classNames;
        _classMap = new byte[grid.SceneWidth * grid.SceneHeight];
        _confidence = new float[_classMap.Length];
        _tiles = new TileProduct[grid.Count];
        for (int i = 0; i < _tiles.Length; i++)
        {
            _tiles[i] = new TileProduct(grid[i], classNames.Count);
        }
    }

    /// <summary>The tiling the products follow.</summary>
    public TileGrid Grid { get; }

    /// <summary>Class names, indexed by class value.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Identifier of the scene last processed.</summary>
    public string SceneId { get; private set; } = "";

    /// <summary>Class of every scene pixel, row-major, stitched by the rule in <see cref="TileGrid"/>.</summary>
    public ReadOnlySpan<byte> ClassMap => _classMap;

    /// <summary>Confidence of every scene pixel's class, row-major.</summary>
    public ReadOnlySpan<float> Confidence => _confidence;

    /// <summary>Per-tile products, in tile order.</summary>
    public IReadOnlyList<TileProduct> Tiles => _tiles;

    /// <summary>Class shares and confidence over the whole stitched scene.</summary>
    public SceneSummary Summarise()
    {
        long[] counts = new long[ClassNames.Count];
        foreach (byte c in _classMap)
        {
            counts[c]++;
        }

        double confidenceSum = 0;
        foreach (float v in _confidence)
        {
            confidenceSum += v;
        }

        double lowest = double.PositiveInfinity;
        foreach (TileProduct tile in _tiles)
        {
            lowest = Math.Min(lowest, tile.ConfidenceMean);
        }

        double[] fractions = new double[counts.Length];
        for (int k = 0; k < counts.Length; k++)
        {
            fractions[k] = counts[k] / (double)_classMap.Length;
        }

        return new SceneSummary(
            SceneId, Grid.SceneWidth, Grid.SceneHeight, Grid.Count, ClassNames, fractions, confidenceSum / _confidence.Length, lowest);
    }

    internal void Begin(string sceneId) => SceneId = sceneId;

    internal TileProduct Tile(int tileIndex) => _tiles[tileIndex];

    /// <summary>Records tile <paramref name="tileIndex"/>'s decoded maps (tile-sized, row-major) and stitches its owned part.</summary>
    internal void Accept(int tileIndex, ReadOnlySpan<byte> classes, ReadOnlySpan<float> confidence)
    {
        TileProduct tile = _tiles[tileIndex];
        TilePlacement p = tile.Placement;
        int t = Grid.TileSize;
        tile.Record(classes, confidence, t);

        int width = Grid.SceneWidth;
        for (int sy = p.OwnedY; sy < p.OwnedY + p.OwnedHeight; sy++)
        {
            int source = ((sy - p.Y) * t) + (p.OwnedX - p.X);
            int target = (sy * width) + p.OwnedX;
            classes.Slice(source, p.OwnedWidth).CopyTo(_classMap.AsSpan(target, p.OwnedWidth));
            confidence.Slice(source, p.OwnedWidth).CopyTo(_confidence.AsSpan(target, p.OwnedWidth));
        }
    }
}
