namespace Payload.Flight.Configuration;

/// <summary>Rate-group frequencies and the tile rate ceiling.</summary>
public sealed record RateConfiguration
{
    public double HealthHz { get; init; } = 10;

    public double HousekeepingHz { get; init; } = 1;

    public double MaxTilesPerSecond { get; init; } = 20;

    public double TemperatureLimitCelsius { get; init; } = 85;
}
