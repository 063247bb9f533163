namespace Payload.Hal.Devices.Ina226;

/// <summary>INA226 register map (TI SBOS547, §7.6 Register Maps, Table 2).</summary>
internal enum Ina226Register : byte
{
    /// <summary>Reset bit, averaging, conversion times, operating mode; power-on value 0x4127.</summary>
    Configuration = 0x00,

    /// <summary>Shunt voltage, signed, LSB 2.5 µV.</summary>
    ShuntVoltage = 0x01,

    /// <summary>Bus voltage, unsigned, LSB 1.25 mV.</summary>
    BusVoltage = 0x02,

    /// <summary>Power, unsigned, LSB 25 × Current_LSB.</summary>
    Power = 0x03,

    /// <summary>Current, signed, LSB Current_LSB.</summary>
    Current = 0x04,

    /// <summary>Calibration value that scales current and power.</summary>
    Calibration = 0x05,

    /// <summary>Alert function selection and flags.</summary>
    MaskEnable = 0x06,

    /// <summary>Value the selected alert function compares against.</summary>
    AlertLimit = 0x07,

    /// <summary>Manufacturer ID, 0x5449 ("TI").</summary>
    ManufacturerId = 0xFE,

    /// <summary>Die ID, 0x2260.</summary>
    DieId = 0xFF,
}
