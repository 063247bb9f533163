namespace Payload.Inference.Pipeline;

/// <summary>What a protected <see cref="TilePipeline"/> does with tiles computed while a weight block was corrupted.</summary>
public enum SuspectTileHandling
{
    /// <summary>Run the tiles of the current scene again on the repaired weights (flag them when the block could not be repaired).</summary>
    Rerun,

    /// <summary>Keep the results and set <see cref="TileProduct.Suspect"/>.</summary>
    Flag,
}
