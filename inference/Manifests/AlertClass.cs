namespace Payload.Inference.Manifests;

/// <summary>
/// A class operators want to hear about at once (a flood, a fire, a ship): when it covers at least
/// <see cref="AreaThreshold"/> of one tile, the payload sends an alert product ahead of bulk products.
/// </summary>
public sealed class AlertClass
{
    /// <summary>Name of one of the manifest's classes.</summary>
    public string Class { get; init; } = "";

    /// <summary>Share of the tile's in-scene pixels, in (0, 1], at which the alert is raised.</summary>
    public double AreaThreshold { get; init; }
}
