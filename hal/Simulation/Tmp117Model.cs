using Payload.Hal.Devices.Tmp117;

namespace Payload.Hal.Simulation;

/// <summary>
/// Register-level TMP117 model. The temperature comes from a source (the thermal model, or a value a
/// test sets) plus an over-temperature ramp a tester can start (fault knob). Alert flags latch as in the
/// chip's alert mode and clear when the configuration register is read.
/// </summary>
public sealed class Tmp117Model : RegisterFileTarget
{
    private readonly Func<double> _source;
    private ushort _configuration = Tmp117Datasheet.ConfigurationReset;
    private ushort _high = Tmp117Datasheet.HighLimitReset;
    private ushort _low = Tmp117Datasheet.LowLimitReset;
    private bool _highLatched;
    private bool _lowLatched;
    private double _rampDegreesPerSecond;
    private double _rampOffset;

    /// <summary>A model reading its die temperature from <paramref name="source"/>.</summary>
    public Tmp117Model(Func<double> source, SimulatedClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _source = source ?? throw new ArgumentNullException(nameof(source));
        clock.Attach(Step);
    }

    /// <summary>Temperature the chip sees now, in °C (source plus any ramp).</summary>
    public double Celsius => _source() + _rampOffset;

    /// <summary>Fault knob: the reported temperature climbs by <paramref name="degreesPerSecond"/> from now on.</summary>
    public void StartOverTemperatureRamp(double degreesPerSecond) => _rampDegreesPerSecond = degreesPerSecond;

    /// <summary>Ends the ramp and drops its offset.</summary>
    public void StopOverTemperatureRamp()
    {
        _rampDegreesPerSecond = 0;
        _rampOffset = 0;
    }

    /// <inheritdoc />
    protected override ushort ReadRegister(byte register)
    {
        switch ((Tmp117Register)register)
        {
            case Tmp117Register.Temperature:
                return Sample();
            case Tmp117Register.Configuration:
                Sample();
                ushort value = (ushort)(_configuration | Tmp117Datasheet.DataReadyBit
                    | (_highLatched ? Tmp117Datasheet.HighAlertBit : 0)
                    | (_lowLatched ? Tmp117Datasheet.LowAlertBit : 0));
                _highLatched = false;
                _lowLatched = false;
                return value;
            case Tmp117Register.HighLimit:
                return _high;
            case Tmp117Register.LowLimit:
                return _low;
            case Tmp117Register.DeviceId:
                return Tmp117Datasheet.DeviceId;
            default:
                return 0;
        }
    }

    /// <inheritdoc />
    protected override void WriteRegister(byte register, ushort value)
    {
        switch ((Tmp117Register)register)
        {
            case Tmp117Register.Configuration when (value & Tmp117Datasheet.SoftResetBit) != 0:
                PowerOnReset();
                break;
            case Tmp117Register.Configuration:
                _configuration = (ushort)(value & ~(Tmp117Datasheet.HighAlertBit | Tmp117Datasheet.LowAlertBit | Tmp117Datasheet.DataReadyBit));
                break;
            case Tmp117Register.HighLimit:
                _high = value;
                break;
            case Tmp117Register.LowLimit:
                _low = value;
                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    protected internal override void PowerOnReset()
    {
        _configuration = Tmp117Datasheet.ConfigurationReset;
        _high = Tmp117Datasheet.HighLimitReset;
        _low = Tmp117Datasheet.LowLimitReset;
        _highLatched = _lowLatched = false;
    }

    private ushort Sample()
    {
        ushort raw = Tmp117.FromDegrees(Celsius);
        if ((short)raw > (short)_high)
        {
            _highLatched = true;
        }

        if ((short)raw < (short)_low)
        {
            _lowLatched = true;
        }

        return raw;
    }

    private void Step(TimeSpan dt) => _rampOffset += _rampDegreesPerSecond * dt.TotalSeconds;
}
