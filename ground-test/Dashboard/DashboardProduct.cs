using Payload.Telemetry.Products;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// A product the dashboard shows: where it sits in its scene (pixels) and its image as PNG.
/// <see cref="TileId"/> is <see cref="ProductHeader.WholeScene"/> for whole-scene products (quicklook, summary).
/// </summary>
internal sealed record DashboardProduct(
    string Name,
    ProductKind Kind,
    uint SceneId,
    ushort TileId,
    int X,
    int Y,
    int Width,
    int Height,
    DateTimeOffset ReceivedAt,
    byte[] Png);
