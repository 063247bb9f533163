namespace Payload.Hal.Housekeeping;

/// <summary>How the thermal governor throttles.</summary>
/// <param name="LimitCelsius">Temperature the accelerator must stay below.</param>
/// <param name="MaxTilesPerSecond">Throughput with no thermal constraint.</param>
/// <param name="ThrottleBandCelsius">Width of the band below the limit over which the allowed rate falls linearly from the maximum to zero.
/// Narrower means closer to the limit and more throughput, but less margin for sensor lag.</param>
public sealed record ThermalGovernorOptions(double LimitCelsius, double MaxTilesPerSecond, double ThrottleBandCelsius = 3);
