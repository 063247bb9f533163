namespace Payload.Hal.Simulation;

/// <summary>
/// A power rail on the simulated board: its load current and voltage feed the INA226 model, its
/// switch state powers the chips on it. Fault knobs: <see cref="TriggerLatchUp"/> (supply current
/// jumps until the rail is power-cycled) and <see cref="PowerGoodStuckLow"/>.
/// </summary>
public sealed class SimulatedRail(string name, double voltage, double nominalLoadAmps)
{
    private double _latchUpAmps;
    private bool _powerGoodStuckLow;

    /// <summary>Rail name from the profile.</summary>
    public string Name { get; } = name;

    /// <summary>Supply voltage when on, in volts.</summary>
    public double Voltage { get; } = voltage;

    /// <summary>Current drawn by the load in normal operation, in amperes.</summary>
    public double NominalLoadAmps { get; set; } = nominalLoadAmps;

    /// <summary>True when the switch feeding the rail is on.</summary>
    public bool IsPowered { get; private set; } = true;

    /// <summary>True while a latch-up is drawing extra current.</summary>
    public bool IsLatchedUp => _latchUpAmps > 0;

    /// <summary>Fault knob: the power-good signal reads low even when the rail is on.</summary>
    public bool PowerGoodStuckLow
    {
        get => _powerGoodStuckLow;
        set
        {
            _powerGoodStuckLow = value;
            StateChanged?.Invoke(this);
        }
    }

    /// <summary>Power-good as the supervisor chip reports it.</summary>
    public bool PowerGood => IsPowered && !PowerGoodStuckLow;

    /// <summary>Times the rail went from off to on.</summary>
    public int PowerCycles { get; private set; }

    /// <summary>Current now drawn from the rail, in amperes.</summary>
    public double LoadAmps => IsPowered ? NominalLoadAmps + _latchUpAmps : 0;

    /// <summary>Voltage now on the rail.</summary>
    public double BusVoltage => IsPowered ? Voltage : 0;

    /// <summary>Raised after the rail's power state changes.</summary>
    public event Action<SimulatedRail>? StateChanged;

    /// <summary>Fault knob: a single-event latch-up adds <paramref name="extraAmps"/> until the rail is switched off.</summary>
    public void TriggerLatchUp(double extraAmps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extraAmps);
        if (IsPowered)
        {
            _latchUpAmps = extraAmps;
        }
    }

    /// <summary>Switches the rail (what the load-switch enable line drives).</summary>
    public void SetPowered(bool on)
    {
        if (on == IsPowered)
        {
            return;
        }

        IsPowered = on;
        if (on)
        {
            PowerCycles++;
        }
        else
        {
            _latchUpAmps = 0;
        }

        StateChanged?.Invoke(this);
    }
}
