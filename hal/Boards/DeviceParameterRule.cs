namespace Payload.Hal.Boards;

/// <summary>The allowed range of one device parameter and whether a profile must give it.</summary>
internal sealed record DeviceParameterRule(string Name, double Minimum, double Maximum, bool Required, string Unit)
{
    /// <summary>What each device type accepts; anything else is reported as an unknown parameter.</summary>
    public static IReadOnlyList<DeviceParameterRule> For(DeviceType type) => type switch
    {
        DeviceType.Ina226 =>
        [
            new("shuntOhms", 0.0001, 10, Required: true, "Ω"),
            new("maxCurrentAmps", 0.001, 100, Required: true, "A"),
        ],
        DeviceType.Tmp117 =>
        [
            // TMP117 accuracy is specified over −55..150 °C (SNOSD82 §6.5).
            new("lowLimitC", -55, 150, Required: false, "°C"),
            new("highLimitC", -55, 150, Required: false, "°C"),
        ],
        DeviceType.LoadSwitch => [new("powerGoodLine", 0, 1023, Required: false, "line")],
        DeviceType.Watchdog => [new("timeoutSeconds", 1, 3600, Required: false, "s")],
        DeviceType.Imager =>
        [
            new("baudRate", 1200, 921600, Required: false, "bit/s"),
            new("sceneWidth", 16, 4096, Required: false, "px"),
            new("sceneHeight", 16, 4096, Required: false, "px"),
        ],
        _ => [],
    };

    /// <summary>The bus kind a device type sits on.</summary>
    public static BusKind BusFor(DeviceType type) => type switch
    {
        DeviceType.Ina226 or DeviceType.Tmp117 => BusKind.I2c,
        DeviceType.LoadSwitch => BusKind.Gpio,
        DeviceType.Imager => BusKind.Uart,
        _ => BusKind.Watchdog,
    };
}
