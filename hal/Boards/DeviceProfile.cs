namespace Payload.Hal.Boards;

/// <summary>A device in a profile: what it is, where it sits and its parameters.</summary>
/// <param name="Name">Unique name (used in housekeeping records and events).</param>
/// <param name="Type">Device type.</param>
/// <param name="Bus">Name of the bus it sits on.</param>
/// <param name="Address">7-bit I2C address (I2C devices).</param>
/// <param name="ChipSelect">Chip select (SPI devices).</param>
/// <param name="Line">Line offset (GPIO devices).</param>
/// <param name="ActiveLow">GPIO line is active-low.</param>
/// <param name="Parameters">Numeric parameters by name (shuntOhms, highLimitC, ...).</param>
public sealed record DeviceProfile(
    string Name,
    DeviceType Type,
    string Bus,
    int? Address,
    int? ChipSelect,
    int? Line,
    bool ActiveLow,
    IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>A parameter's value, or <paramref name="fallback"/> when the profile leaves it out.</summary>
    public double Parameter(string name, double fallback) => Parameters.TryGetValue(name, out double value) ? value : fallback;
}
