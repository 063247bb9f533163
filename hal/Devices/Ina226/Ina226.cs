using System.Buffers.Binary;
using Payload.Hal.Buses;

namespace Payload.Hal.Devices.Ina226;

/// <summary>
/// TI INA226 current, voltage and power monitor on I2C (SBOS547). The constructor resets the chip,
/// checks its identity and writes the calibration; readings are one combined I2C transaction each.
/// </summary>
public sealed class Ina226
{
    /// <summary>Address with A1 = A0 = GND (§7.5.5.1, Table 6).</summary>
    public const int DefaultAddress = 0x40;

    private readonly I2cDevice _device;

    /// <summary>Resets and verifies the chip at <paramref name="device"/>, then programs <paramref name="calibration"/>.</summary>
    /// <exception cref="I2cBusException">The bus transaction failed.</exception>
    /// <exception cref="InvalidDataException">The chip at the address is not an INA226.</exception>
    public Ina226(I2cDevice device, Ina226Calibration calibration)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (calibration.Register == 0)
        {
            throw new ArgumentException("INA226 calibration is empty; use Ina226Calibration.For(shunt, maxCurrent).", nameof(calibration));
        }

        _device = device;
        Calibration = calibration;
        Reset();
    }

    /// <summary>The calibration in force.</summary>
    public Ina226Calibration Calibration { get; }

    /// <summary>Where the chip sits, for messages: bus and address.</summary>
    public I2cDevice Device => _device;

    /// <summary>Resets all registers, checks manufacturer and die ID, rewrites the calibration.</summary>
    public void Reset()
    {
        WriteRegister(Ina226Register.Configuration, Ina226Datasheet.ConfigurationResetBit);
        ushort manufacturer = ReadRegister(Ina226Register.ManufacturerId);
        ushort die = ReadRegister(Ina226Register.DieId);
        if (manufacturer != Ina226Datasheet.ManufacturerId || die != Ina226Datasheet.DieId)
        {
            throw new InvalidDataException(
                $"No INA226 at 0x{_device.Address:X2} on {_device.Bus.Name}: manufacturer/die ID 0x{manufacturer:X4}/0x{die:X4}, expected 0x{Ina226Datasheet.ManufacturerId:X4}/0x{Ina226Datasheet.DieId:X4}.");
        }

        WriteRegister(Ina226Register.Calibration, Calibration.Register);
    }

    /// <summary>Voltage across the shunt in volts (signed).</summary>
    public double ReadShuntVoltage() => (short)ReadRegister(Ina226Register.ShuntVoltage) * Ina226Datasheet.ShuntVoltageLsb;

    /// <summary>Bus (supply side) voltage in volts.</summary>
    public double ReadBusVoltage() => ReadRegister(Ina226Register.BusVoltage) * Ina226Datasheet.BusVoltageLsb;

    /// <summary>Current in amperes, computed by the chip from shunt voltage and calibration (signed).</summary>
    public double ReadCurrent() => (short)ReadRegister(Ina226Register.Current) * Calibration.CurrentLsbAmps;

    /// <summary>Power in watts, computed by the chip from current and bus voltage.</summary>
    public double ReadPower() => ReadRegister(Ina226Register.Power) * Calibration.PowerLsbWatts;

    /// <summary>
    /// Arms the ALERT pin to fire when the current exceeds <paramref name="amps"/>: shunt over-voltage
    /// (SOL) with a limit of amps × R_shunt in shunt-voltage counts.
    /// </summary>
    public void SetCurrentAlertLimit(double amps)
    {
        double counts = Math.Round(amps * Calibration.ShuntOhms / Ina226Datasheet.ShuntVoltageLsb);
        if (counts is < 1 or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(amps), amps, $"INA226 at 0x{_device.Address:X2} on {_device.Bus.Name}: current alert limit is outside the shunt range.");
        }

        WriteRegister(Ina226Register.AlertLimit, (ushort)counts);
        WriteRegister(Ina226Register.MaskEnable, Ina226Datasheet.MaskEnableShuntOverLimit);
    }

    /// <summary>True when the armed alert function has fired (AFF).</summary>
    public bool ReadAlertFlag() => (ReadRegister(Ina226Register.MaskEnable) & Ina226Datasheet.MaskEnableAlertFunctionFlag) != 0;

    private ushort ReadRegister(Ina226Register register)
    {
        Span<byte> pointer = [(byte)register];
        Span<byte> value = stackalloc byte[2];
        _device.WriteRead(pointer, value);
        return BinaryPrimitives.ReadUInt16BigEndian(value);
    }

    private void WriteRegister(Ina226Register register, ushort value)
    {
        Span<byte> frame = stackalloc byte[3];
        frame[0] = (byte)register;
        BinaryPrimitives.WriteUInt16BigEndian(frame[1..], value);
        _device.Write(frame);
    }
}
