namespace Payload.Inference.Pipeline;

/// <summary>Overrides of the manifest's tiling, and the batch size for models with a dynamic batch dimension.</summary>
public sealed class TilePipelineOptions
{
    /// <summary>Tile edge; null for the manifest's <c>tileSize</c>.</summary>
    public int? TileSize { get; init; }

    /// <summary>Tile overlap; null for the manifest's <c>tileOverlap</c>.</summary>
    public int? TileOverlap { get; init; }

    /// <summary>Tiles per model run when the model's batch dimension is dynamic (a fixed one wins).</summary>
    public int BatchSize { get; init; } = 1;
}
