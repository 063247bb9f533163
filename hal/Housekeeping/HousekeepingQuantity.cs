namespace Payload.Hal.Housekeeping;

/// <summary>Names of the quantities in housekeeping records, so producers and consumers agree.</summary>
public static class HousekeepingQuantity
{
    /// <summary>INA226 current, A.</summary>
    public const string Current = "current";

    /// <summary>INA226 bus voltage, V.</summary>
    public const string BusVoltage = "bus-voltage";

    /// <summary>INA226 shunt voltage, V.</summary>
    public const string ShuntVoltage = "shunt-voltage";

    /// <summary>INA226 power, W.</summary>
    public const string Power = "power";

    /// <summary>TMP117 temperature, °C.</summary>
    public const string Temperature = "temperature";

    /// <summary>Load-switch power-good, 1 or 0.</summary>
    public const string PowerGood = "power-good";
}
