using Payload.Hal.Devices.Ina226;

namespace Payload.Hal.Simulation;

/// <summary>
/// Register-level INA226 model. Shunt and bus voltage come from the rail it measures (current × shunt
/// resistance, rail voltage) or, with no rail, from values a test sets; current, power and the alert
/// flag are computed from the registers with the datasheet's integer equations, as the chip does.
/// </summary>
public sealed class Ina226Model : RegisterFileTarget
{
    private ushort _configuration = Ina226Datasheet.ConfigurationReset;
    private ushort _calibration;
    private ushort _maskEnable;
    private ushort _alertLimit;

    /// <summary>A model measuring <paramref name="rail"/> through <paramref name="shuntOhms"/>.</summary>
    public Ina226Model(double shuntOhms, SimulatedRail? rail)
    {
        ShuntOhms = shuntOhms;
        MeasuredRail = rail;
    }

    /// <summary>The shunt resistance fitted on the simulated board.</summary>
    public double ShuntOhms { get; }

    /// <summary>The rail whose current flows through the shunt, if any.</summary>
    public SimulatedRail? MeasuredRail { get; }

    /// <summary>Shunt voltage register when no rail is attached (counts of 2.5 µV).</summary>
    public short ShuntVoltageCounts { get; set; }

    /// <summary>Bus voltage register when no rail is attached (counts of 1.25 mV).</summary>
    public ushort BusVoltageCounts { get; set; }

    /// <summary>The calibration register as last written.</summary>
    public ushort CalibrationRegister => _calibration;

    /// <inheritdoc />
    protected override ushort ReadRegister(byte register) => (Ina226Register)register switch
    {
        Ina226Register.Configuration => _configuration,
        Ina226Register.ShuntVoltage => (ushort)ShuntCounts(),
        Ina226Register.BusVoltage => BusCounts(),
        Ina226Register.Current => (ushort)CurrentCounts(),
        Ina226Register.Power => PowerCounts(),
        Ina226Register.Calibration => _calibration,
        Ina226Register.MaskEnable => MaskEnable(),
        Ina226Register.AlertLimit => _alertLimit,
        Ina226Register.ManufacturerId => Ina226Datasheet.ManufacturerId,
        Ina226Register.DieId => Ina226Datasheet.DieId,
        _ => 0,
    };

    /// <inheritdoc />
    protected override void WriteRegister(byte register, ushort value)
    {
        switch ((Ina226Register)register)
        {
            case Ina226Register.Configuration when (value & Ina226Datasheet.ConfigurationResetBit) != 0:
                PowerOnReset();
                break;
            case Ina226Register.Configuration:
                _configuration = value;
                break;
            case Ina226Register.Calibration:
                _calibration = (ushort)(value & Ina226Datasheet.CalibrationMask);
                break;
            case Ina226Register.MaskEnable:
                _maskEnable = value;
                break;
            case Ina226Register.AlertLimit:
                _alertLimit = value;
                break;
            default:
                break; // read-only registers ignore writes
        }
    }

    /// <inheritdoc />
    protected internal override void PowerOnReset()
    {
        _configuration = Ina226Datasheet.ConfigurationReset;
        _calibration = 0;
        _maskEnable = 0;
        _alertLimit = 0;
    }

    private short ShuntCounts()
    {
        if (MeasuredRail is null)
        {
            return ShuntVoltageCounts;
        }

        double counts = Math.Round(MeasuredRail.LoadAmps * ShuntOhms / Ina226Datasheet.ShuntVoltageLsb);
        return (short)Math.Clamp(counts, short.MinValue, short.MaxValue);
    }

    private ushort BusCounts() =>
        MeasuredRail is null ? BusVoltageCounts : (ushort)Math.Round(MeasuredRail.BusVoltage / Ina226Datasheet.BusVoltageLsb);

    private short CurrentCounts() => (short)Math.Clamp(ShuntCounts() * (long)_calibration / Ina226Datasheet.CurrentDivisor, short.MinValue, short.MaxValue);

    private ushort PowerCounts() => (ushort)Math.Clamp(Math.Abs(CurrentCounts() * (long)BusCounts()) / Ina226Datasheet.PowerDivisor, 0, ushort.MaxValue);

    private ushort MaskEnable()
    {
        bool fired = (_maskEnable & Ina226Datasheet.MaskEnableShuntOverLimit) != 0 && ShuntCounts() > (short)_alertLimit;
        return fired ? (ushort)(_maskEnable | Ina226Datasheet.MaskEnableAlertFunctionFlag) : (ushort)(_maskEnable & ~Ina226Datasheet.MaskEnableAlertFunctionFlag);
    }
}
