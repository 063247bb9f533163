namespace Payload.GroundTest.Dashboard;

/// <summary>An alert as the dashboard lists it; <see cref="ThumbnailProduct"/> names the alert's product image, if it has one.</summary>
internal sealed record DashboardAlert(
    uint SceneId,
    ushort TileId,
    int X,
    int Y,
    string ClassName,
    double AreaFraction,
    double Confidence,
    double LatencyMs,
    DateTimeOffset ReceivedAt,
    string? ThumbnailProduct);
