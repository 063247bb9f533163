namespace Payload.Hal.Boards;

/// <summary>A switched power rail: which device switches it, which measures it, which senses its temperature.</summary>
/// <param name="Name">Rail name.</param>
/// <param name="Voltage">Nominal voltage, volts.</param>
/// <param name="Switch">Name of the load-switch device feeding it.</param>
/// <param name="Monitor">Name of the INA226 measuring its current, if any.</param>
/// <param name="TemperatureSensor">Name of the TMP117 on its load, if any.</param>
/// <param name="CurrentLimitAmps">Latch-up protection threshold.</param>
/// <param name="SimulatedLoadAmps">Load current on the simulated board.</param>
public sealed record RailProfile(string Name, double Voltage, string Switch, string? Monitor, string? TemperatureSensor, double CurrentLimitAmps, double SimulatedLoadAmps);
