namespace Payload.Inference.Pipeline;

/// <summary>The per-scene product: class shares of the stitched map and confidence over the scene.</summary>
/// <param name="SceneId">The scene's identifier.</param>
/// <param name="Width">Scene columns.</param>
/// <param name="Height">Scene rows.</param>
/// <param name="TileCount">Tiles the scene was cut into.</param>
/// <param name="ClassNames">Class names from the manifest.</param>
/// <param name="ClassFractions">Share of the scene in each class, in class order.</param>
/// <param name="ConfidenceMean">Mean per-pixel confidence over the stitched map.</param>
/// <param name="LowestTileConfidence">The lowest tile mean confidence (the least sure tile).</param>
public sealed record SceneSummary(
    string SceneId,
    int Width,
    int Height,
    int TileCount,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<double> ClassFractions,
    double ConfidenceMean,
    double LowestTileConfidence)
{
    /// <summary>The class covering most of the scene (lower index on a tie).</summary>
    public int DominantClass
    {
        get
        {
            int best = 0;
            for (int k = 1; k < ClassFractions.Count; k++)
            {
                if (ClassFractions[k] > ClassFractions[best])
                {
                    best = k;
                }
            }

            return best;
        }
    }
}
