namespace Payload.Hal.Devices.Tmp117;

/// <summary>TMP117 numeric facts shared by the driver and the register model (TI SNOSD82).</summary>
internal static class Tmp117Datasheet
{
    /// <summary>Degrees Celsius per LSB of the result and limit registers (§7.3.1).</summary>
    public const double DegreesPerLsb = 0.0078125;

    /// <summary>Device ID field of the Device_ID register, bits 11–0 (§7.6.1.9).</summary>
    public const ushort DeviceId = 0x0117;

    /// <summary>Mask of the device ID field (bits 11–0); bits 15–12 are the revision.</summary>
    public const ushort DeviceIdMask = 0x0FFF;

    /// <summary>Configuration power-on value (§7.6.1.2).</summary>
    public const ushort ConfigurationReset = 0x0220;

    /// <summary>High limit power-on value, 192 °C (§7.6.1.3).</summary>
    public const ushort HighLimitReset = 0x6000;

    /// <summary>Low limit power-on value, −256 °C (§7.6.1.4).</summary>
    public const ushort LowLimitReset = 0x8000;

    /// <summary>Configuration HIGH_Alert flag, bit 15 (§7.6.1.2).</summary>
    public const ushort HighAlertBit = 1 << 15;

    /// <summary>Configuration LOW_Alert flag, bit 14 (§7.6.1.2).</summary>
    public const ushort LowAlertBit = 1 << 14;

    /// <summary>Configuration Data_Ready flag, bit 13 (§7.6.1.2).</summary>
    public const ushort DataReadyBit = 1 << 13;

    /// <summary>Configuration Soft_Reset bit, bit 1 (§7.6.1.2).</summary>
    public const ushort SoftResetBit = 1 << 1;

    /// <summary>Lowest temperature the chip reports (register −256 °C .. +255.99 °C), for limit checks.</summary>
    public const double MinimumDegrees = -256;

    /// <summary>Highest representable temperature.</summary>
    public const double MaximumDegrees = short.MaxValue * DegreesPerLsb;
}
