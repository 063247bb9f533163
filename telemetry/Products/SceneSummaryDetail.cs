namespace Payload.Telemetry.Products;

/// <summary>
/// What a scene summary product says besides its payload (one 32-bit pixel count per class, the
/// header's Width being the class count). Confidences travel as 16-bit fixed point (1/65535).
/// </summary>
/// <param name="SceneWidth">Scene columns.</param>
/// <param name="SceneHeight">Scene rows.</param>
/// <param name="TileCount">Tiles the scene was cut into.</param>
/// <param name="ConfidenceMean">Mean per-pixel confidence over the scene, 0..1.</param>
/// <param name="LowestTileConfidence">Lowest tile mean confidence, 0..1.</param>
public readonly record struct SceneSummaryDetail(ushort SceneWidth, ushort SceneHeight, ushort TileCount, double ConfidenceMean, double LowestTileConfidence);
