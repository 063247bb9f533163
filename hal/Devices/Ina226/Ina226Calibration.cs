namespace Payload.Hal.Devices.Ina226;

/// <summary>
/// The calibration register value and the resulting current resolution for a shunt and a maximum
/// expected current (SBOS547 §7.5): Current_LSB = I_max / 2^15, CAL = trunc(0.00512 / (Current_LSB × R)),
/// then Current_LSB is recomputed from the truncated CAL so readings are exact for the value written.
/// </summary>
public readonly record struct Ina226Calibration
{
    private Ina226Calibration(ushort register, double currentLsbAmps, double shuntOhms)
    {
        Register = register;
        CurrentLsbAmps = currentLsbAmps;
        ShuntOhms = shuntOhms;
    }

    /// <summary>Value written to the calibration register.</summary>
    public ushort Register { get; }

    /// <summary>Amperes per count of the current register.</summary>
    public double CurrentLsbAmps { get; }

    /// <summary>Watts per count of the power register.</summary>
    public double PowerLsbWatts => CurrentLsbAmps * Ina226Datasheet.PowerLsbPerCurrentLsb;

    /// <summary>The shunt resistance the calibration was computed for.</summary>
    public double ShuntOhms { get; }

    /// <summary>Computes the calibration; throws naming both inputs when they give a value outside 1..0x7FFF.</summary>
    public static Ina226Calibration For(double shuntOhms, double maxCurrentAmps)
    {
        if (!(shuntOhms > 0) || !(maxCurrentAmps > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(shuntOhms), $"INA226 calibration needs a positive shunt and maximum current; got {shuntOhms} Ω and {maxCurrentAmps} A.");
        }

        double minimumLsb = maxCurrentAmps / Ina226Datasheet.CurrentFullScaleCounts;
        double exact = Ina226Datasheet.CalibrationScale / (minimumLsb * shuntOhms);
        int register = (int)Math.Floor(exact + 1e-9);
        if (register is < 1 or > Ina226Datasheet.CalibrationMask)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCurrentAmps),
                $"INA226 calibration for {shuntOhms} Ω and {maxCurrentAmps} A is {exact:F1}, outside 1..32767: choose another shunt or current range.");
        }

        double lsb = Ina226Datasheet.CalibrationScale / (register * shuntOhms);
        return new Ina226Calibration((ushort)register, lsb, shuntOhms);
    }
}
