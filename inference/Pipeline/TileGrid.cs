namespace Payload.Inference.Pipeline;

/// <summary>
/// Cuts a scene into square tiles of <see cref="TileSize"/> that step by
/// <see cref="TileSize"/> - <see cref="Overlap"/>. Tiles start at multiples of the step; the last
/// tile of a row or column may run past the scene edge and is padded. A scene smaller than one
/// tile is one padded tile.
/// </summary>
/// <remarks>
/// Stitching rule (deterministic): where tiles overlap, each scene pixel takes the class from the
/// tile in which it lies farthest from that tile's edge, i.e. the overlap is split at its middle;
/// for an odd overlap the middle pixel goes to the earlier tile (left, or above). Every scene
/// pixel is owned by exactly one tile.
/// </remarks>
public sealed class TileGrid
{
    /// <summary>Creates the grid for a <paramref name="sceneWidth"/> x <paramref name="sceneHeight"/> scene.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or the overlap is negative or not smaller than the tile.</exception>
    public TileGrid(int sceneWidth, int sceneHeight, int tileSize, int overlap)
    {
        if (sceneWidth <= 0 || sceneHeight <= 0)
        {
            throw new ArgumentException($"Scene size {sceneWidth} x {sceneHeight} must be positive.", nameof(sceneWidth));
        }

        if (tileSize <= 0)
        {
            throw new ArgumentException($"Tile size {tileSize} must be positive.", nameof(tileSize));
        }

        if (overlap < 0 || overlap >= tileSize)
        {
            throw new ArgumentException($"Tile overlap {overlap} must be at least 0 and less than the tile size {tileSize}.", nameof(overlap));
        }

        SceneWidth = sceneWidth;
        SceneHeight = sceneHeight;
        TileSize = tileSize;
        Overlap = overlap;
        Columns = TilesAlong(sceneWidth);
        Rows = TilesAlong(sceneHeight);
    }

    /// <summary>Scene columns.</summary>
    public int SceneWidth { get; }

    /// <summary>Scene rows.</summary>
    public int SceneHeight { get; }

    /// <summary>Tile edge in pixels.</summary>
    public int TileSize { get; }

    /// <summary>Pixels shared by neighbouring tiles.</summary>
    public int Overlap { get; }

    /// <summary>Distance between neighbouring tile origins.</summary>
    public int Step => TileSize - Overlap;

    /// <summary>Tiles per grid row.</summary>
    public int Columns { get; }

    /// <summary>Tiles per grid column.</summary>
    public int Rows { get; }

    /// <summary>Tiles in the grid.</summary>
    public int Count => Columns * Rows;

    /// <summary>Pixels in one tile.</summary>
    public int TilePixels => TileSize * TileSize;

    /// <summary>The placement of tile <paramref name="index"/> (row-major).</summary>
    public TilePlacement this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The grid has tiles 0..{Count - 1}.");
            }

            int row = index / Columns;
            int column = index % Columns;
            int x = column * Step;
            int y = row * Step;
            (int ownedX, int ownedRight) = Owned(column, Columns, SceneWidth);
            (int ownedY, int ownedBottom) = Owned(row, Rows, SceneHeight);
            return new TilePlacement(
                index,
                row,
                column,
                x,
                y,
                Math.Min(TileSize, SceneWidth - x),
                Math.Min(TileSize, SceneHeight - y),
                ownedX,
                ownedY,
                ownedRight - ownedX,
                ownedBottom - ownedY);
        }
    }

    private int TilesAlong(int sceneExtent) =>
        sceneExtent <= TileSize ? 1 : 1 + ((sceneExtent - TileSize + Step - 1) / Step);

    // The overlap between tile k and k+1 is [start(k+1), start(k+1) + Overlap); its first ceil(Overlap/2)
    // pixels stay with tile k, which keeps the middle pixel of an odd overlap with the earlier tile.
    private (int Start, int End) Owned(int k, int count, int sceneExtent)
    {
        int start = k == 0 ? 0 : (k * Step) + ((Overlap + 1) / 2);
        int end = k == count - 1 ? sceneExtent : ((k + 1) * Step) + ((Overlap + 1) / 2);
        return (start, Math.Min(end, sceneExtent));
    }
}
