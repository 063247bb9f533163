using System.Buffers.Binary;
using Payload.Hal.Buses;

namespace Payload.Hal.Devices.Tmp117;

/// <summary>
/// TI TMP117 ±0.1 °C digital temperature sensor on I2C (SNOSD82). The constructor soft-resets the chip
/// and checks its device ID.
/// </summary>
public sealed class Tmp117
{
    /// <summary>Address with ADD0 = GND (§7.5.2, Table 7-2).</summary>
    public const int DefaultAddress = 0x48;

    private readonly I2cDevice _device;

    /// <summary>Resets and verifies the chip at <paramref name="device"/>.</summary>
    /// <exception cref="I2cBusException">The bus transaction failed.</exception>
    /// <exception cref="InvalidDataException">The chip at the address is not a TMP117.</exception>
    public Tmp117(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Reset();
    }

    /// <summary>Where the chip sits, for messages: bus and address.</summary>
    public I2cDevice Device => _device;

    /// <summary>The raw configuration register (mode, averaging, alert flags).</summary>
    public ushort Configuration => ReadRegister(Tmp117Register.Configuration);

    /// <summary>Soft reset (registers to power-on values), then the device-ID check.</summary>
    public void Reset()
    {
        WriteRegister(Tmp117Register.Configuration, Tmp117Datasheet.SoftResetBit);
        ushort id = ReadRegister(Tmp117Register.DeviceId);
        if ((id & Tmp117Datasheet.DeviceIdMask) != Tmp117Datasheet.DeviceId)
        {
            throw new InvalidDataException(
                $"No TMP117 at 0x{_device.Address:X2} on {_device.Bus.Name}: device ID 0x{id & Tmp117Datasheet.DeviceIdMask:X3}, expected 0x{Tmp117Datasheet.DeviceId:X3}.");
        }
    }

    /// <summary>Temperature in degrees Celsius.</summary>
    public double ReadTemperature() => ToDegrees(ReadRegister(Tmp117Register.Temperature));

    /// <summary>Programs the alert window; <paramref name="lowCelsius"/> must be below <paramref name="highCelsius"/>.</summary>
    public void SetLimits(double lowCelsius, double highCelsius)
    {
        if (!(lowCelsius < highCelsius) || lowCelsius < Tmp117Datasheet.MinimumDegrees || highCelsius > Tmp117Datasheet.MaximumDegrees)
        {
            throw new ArgumentOutOfRangeException(nameof(highCelsius),
                $"TMP117 at 0x{_device.Address:X2} on {_device.Bus.Name}: limits {lowCelsius} °C..{highCelsius} °C must be ordered and within {Tmp117Datasheet.MinimumDegrees}..{Tmp117Datasheet.MaximumDegrees:F2} °C.");
        }

        WriteRegister(Tmp117Register.LowLimit, FromDegrees(lowCelsius));
        WriteRegister(Tmp117Register.HighLimit, FromDegrees(highCelsius));
    }

    /// <summary>The high alert limit in degrees Celsius.</summary>
    public double ReadHighLimit() => ToDegrees(ReadRegister(Tmp117Register.HighLimit));

    /// <summary>The low alert limit in degrees Celsius.</summary>
    public double ReadLowLimit() => ToDegrees(ReadRegister(Tmp117Register.LowLimit));

    /// <summary>Reads (and so clears) the latched alert flags.</summary>
    public Tmp117AlertFlags ReadAlerts()
    {
        ushort config = ReadRegister(Tmp117Register.Configuration);
        Tmp117AlertFlags flags = Tmp117AlertFlags.None;
        if ((config & Tmp117Datasheet.HighAlertBit) != 0)
        {
            flags |= Tmp117AlertFlags.High;
        }

        if ((config & Tmp117Datasheet.LowAlertBit) != 0)
        {
            flags |= Tmp117AlertFlags.Low;
        }

        return flags;
    }

    /// <summary>The device ID register (revision and ID).</summary>
    public ushort ReadDeviceId() => ReadRegister(Tmp117Register.DeviceId);

    internal static double ToDegrees(ushort raw) => (short)raw * Tmp117Datasheet.DegreesPerLsb;

    internal static ushort FromDegrees(double celsius) =>
        (ushort)(short)Math.Clamp(Math.Round(celsius / Tmp117Datasheet.DegreesPerLsb), short.MinValue, short.MaxValue);

    private ushort ReadRegister(Tmp117Register register)
    {
        Span<byte> pointer = [(byte)register];
        Span<byte> value = stackalloc byte[2];
        _device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    private void WriteRegister(Tmp117Register register, ushort value)
    {
        Span<byte> frame = stackalloc byte[3];
        frame[0] = (byte)register;
        BinaryPrimitives.WriteUInt16BigEndian(frame[1..], value);
        _device.Write(frame);
    }
}
