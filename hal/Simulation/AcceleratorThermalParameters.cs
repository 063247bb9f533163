namespace Payload.Hal.Simulation;

/// <summary>
/// Constants of <see cref="AcceleratorThermalModel"/>. The defaults describe a small accelerator module
/// on a radiator plate: about 5 W idle, 0.5 J per tile, 0.02 m² radiating at ε 0.85 to a 0 °C sink, so
/// running flat out (20 tiles/s) would settle near 100 °C while an 85 °C limit allows about 14 tiles/s.
/// </summary>
/// <param name="HeatCapacityJoulesPerKelvin">Heat capacity of die, package and plate.</param>
/// <param name="IdleWatts">Dissipation while powered and idle.</param>
/// <param name="JoulesPerTile">Energy of one inference tile.</param>
/// <param name="Emissivity">Radiator surface emissivity (0..1).</param>
/// <param name="RadiatingAreaM2">Radiating area.</param>
/// <param name="SinkCelsius">Effective radiative sink temperature.</param>
public sealed record AcceleratorThermalParameters(
    double HeatCapacityJoulesPerKelvin = 400,
    double IdleWatts = 5,
    double JoulesPerTile = 0.5,
    double Emissivity = 0.85,
    double RadiatingAreaM2 = 0.02,
    double SinkCelsius = 0);
