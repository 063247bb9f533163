namespace Payload.Hal.Boards;

/// <summary>Device types a profile can place (JSON: "ina226", "tmp117", "load-switch", "watchdog", "imager").</summary>
public enum DeviceType
{
    /// <summary>INA226 power monitor on I2C.</summary>
    Ina226,

    /// <summary>TMP117 temperature sensor on I2C.</summary>
    Tmp117,

    /// <summary>Load switch on a GPIO line, with optional power-good line.</summary>
    LoadSwitch,

    /// <summary>Hardware watchdog.</summary>
    Watchdog,

    /// <summary>Camera board on a serial link (camera link protocol).</summary>
    Imager,
}
