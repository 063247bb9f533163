namespace Payload.Inference.Pipeline;

/// <summary>
/// Where one tile sits in its scene: its origin, the part of it inside the scene (the rest is
/// edge padding), and the part of the scene whose class it decides when tiles overlap.
/// </summary>
/// <param name="Index">Tile number, row-major over the grid.</param>
/// <param name="Row">Grid row.</param>
/// <param name="Column">Grid column.</param>
/// <param name="X">Scene column of the tile's left edge.</param>
/// <param name="Y">Scene row of the tile's top edge.</param>
/// <param name="ValidWidth">Tile columns that lie inside the scene.</param>
/// <param name="ValidHeight">Tile rows that lie inside the scene.</param>
/// <param name="OwnedX">First scene column this tile writes into the stitched map.</param>
/// <param name="OwnedY">First scene row this tile writes into the stitched map.</param>
/// <param name="OwnedWidth">Columns this tile writes into the stitched map.</param>
/// <param name="OwnedHeight">Rows this tile writes into the stitched map.</param>
public readonly record struct TilePlacement(
    int Index,
    int Row,
    int Column,
    int X,
    int Y,
    int ValidWidth,
    int ValidHeight,
    int OwnedX,
    int OwnedY,
    int OwnedWidth,
    int OwnedHeight);
