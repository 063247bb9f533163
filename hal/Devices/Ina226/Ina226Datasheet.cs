namespace Payload.Hal.Devices.Ina226;

/// <summary>INA226 numeric facts shared by the driver and the register model (TI SBOS547).</summary>
internal static class Ina226Datasheet
{
    /// <summary>Configuration power-on value (§7.6.1.1).</summary>
    public const ushort ConfigurationReset = 0x4127;

    /// <summary>Configuration RST bit: writing 1 resets all registers (§7.6.1.1).</summary>
    public const ushort ConfigurationResetBit = 1 << 15;

    /// <summary>Manufacturer ID register value (§7.6.1.9).</summary>
    public const ushort ManufacturerId = 0x5449;

    /// <summary>Die ID register value (§7.6.1.10).</summary>
    public const ushort DieId = 0x2260;

    /// <summary>Shunt voltage LSB in volts (§7.6.1.2).</summary>
    public const double ShuntVoltageLsb = 2.5e-6;

    /// <summary>Bus voltage LSB in volts (§7.6.1.3).</summary>
    public const double BusVoltageLsb = 1.25e-3;

    /// <summary>Power LSB as a multiple of Current_LSB (§7.5, Equation 2 note).</summary>
    public const double PowerLsbPerCurrentLsb = 25;

    /// <summary>Calibration register bits that hold the value; bit 15 is reserved and reads 0 (§7.6.1.6).</summary>
    public const ushort CalibrationMask = 0x7FFF;

    /// <summary>Internal fixed value of the calibration equation CAL = 0.00512 / (Current_LSB × R_shunt) (§7.5, Equation 1).</summary>
    public const double CalibrationScale = 0.00512;

    /// <summary>Current = ShuntVoltage × CAL / 2048 (§7.5, Equation 3).</summary>
    public const int CurrentDivisor = 2048;

    /// <summary>Power = Current × BusVoltage / 20000 (§7.5, Equation 4).</summary>
    public const int PowerDivisor = 20000;

    /// <summary>Largest positive count of the signed current register; Current_LSB = max current / 2^15 (§7.5, Equation 2).</summary>
    public const double CurrentFullScaleCounts = 32768;

    /// <summary>Mask/Enable SOL bit: alert when shunt voltage exceeds the alert limit (§7.6.1.7).</summary>
    public const ushort MaskEnableShuntOverLimit = 1 << 15;

    /// <summary>Mask/Enable AFF bit: the selected alert function fired (§7.6.1.7).</summary>
    public const ushort MaskEnableAlertFunctionFlag = 1 << 4;
}
