namespace Payload.Inference.FaultInjection;

/// <summary>A campaign tile: a synthetic scene by <see cref="Seed"/>, or an .npy file (<see cref="Npy"/>).</summary>
public sealed record CampaignTile
{
    /// <summary>Seed of a synthetic scene of the campaign's tile size.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// An .npy tile: float32 (1, C, H, W) or (C, H, W) is the model input as is; uint16 or uint8
    /// (bands, H, W) are raw samples in the manifest's band order, scaled by the manifest.
    /// </summary>
    public string? Npy { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Seed is { } seed ? $"seed {seed}" : $"{Npy}";
}
