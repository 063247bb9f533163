namespace Payload.Telemetry.Products;

/// <summary>
/// What an alert product says besides its header: which alert class crossed its threshold over
/// how much of the tile, how sure the model was, and the tile's extent. The tile's place in the
/// scene is the header's <see cref="ProductHeader.TileX"/>/<see cref="ProductHeader.TileY"/>; the
/// header's Width/Height/Bands describe the thumbnail. Fractions travel as 16-bit fixed point (1/65535).
/// </summary>
/// <param name="ClassIndex">The alert class.</param>
/// <param name="AreaFraction">Share of the tile's pixels in that class, 0..1.</param>
/// <param name="Confidence">Mean confidence of those pixels, 0..1.</param>
/// <param name="TileWidth">Tile columns in the scene.</param>
/// <param name="TileHeight">Tile rows in the scene.</param>
public readonly record struct AlertDetail(byte ClassIndex, double AreaFraction, double Confidence, ushort TileWidth, ushort TileHeight);
