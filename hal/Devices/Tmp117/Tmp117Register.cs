namespace Payload.Hal.Devices.Tmp117;

/// <summary>TMP117 register map (TI SNOSD82, §7.6 Register Map, Table 7-3).</summary>
internal enum Tmp117Register : byte
{
    /// <summary>Temperature result, signed, 7.8125 m°C per LSB.</summary>
    Temperature = 0x00,

    /// <summary>Alert flags, data ready, conversion mode, averaging, soft reset; power-on value 0x0220.</summary>
    Configuration = 0x01,

    /// <summary>High alert limit, same format as the result; power-on value 0x6000 (192 °C).</summary>
    HighLimit = 0x02,

    /// <summary>Low alert limit; power-on value 0x8000 (−256 °C).</summary>
    LowLimit = 0x03,

    /// <summary>Device ID: revision in bits 15–12, 0x117 in bits 11–0.</summary>
    DeviceId = 0x0F,
}
