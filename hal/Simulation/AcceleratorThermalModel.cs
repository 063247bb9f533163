namespace Payload.Hal.Simulation;

/// <summary>
/// Lumped thermal model of the accelerator in vacuum: one heat capacity, heat in proportional to the work
/// rate (plus idle power while the rail is on), heat out by radiation only,
/// C·dT/dt = P_idle + E_tile·rate − ε·σ·A·(T⁴ − T_sink⁴). Integrated on the simulated clock in steps of at
/// most <see cref="MaxStep"/>.
/// </summary>
public sealed class AcceleratorThermalModel
{
    /// <summary>Stefan–Boltzmann constant, W·m⁻²·K⁻⁴ (CODATA 2018, exact).</summary>
    public const double StefanBoltzmann = 5.670374419e-8;

    private const double KelvinOffset = 273.15;
    private static readonly TimeSpan MaxStep = TimeSpan.FromSeconds(1);
    private readonly SimulatedRail? _rail;

    /// <summary>Creates the model stepping on <paramref name="clock"/>; idle power flows only while <paramref name="rail"/> is on.</summary>
    public AcceleratorThermalModel(SimulatedClock clock, SimulatedRail? rail, AcceleratorThermalParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _rail = rail;
        Parameters = parameters;
        Celsius = rail is { IsPowered: false } ? parameters.SinkCelsius : SteadyStateCelsius(0); // powered and idle since boot
        clock.Attach(Step);
    }

    /// <summary>The constants of the model.</summary>
    public AcceleratorThermalParameters Parameters { get; }

    /// <summary>Die temperature now, °C (starts at the idle steady state when the rail is on).</summary>
    public double Celsius { get; set; }

    /// <summary>Tiles per second the accelerator is running now (set by the scheduler under test).</summary>
    public double WorkTilesPerSecond { get; set; }

    /// <summary>Tiles completed so far (the integral of the work rate).</summary>
    public double TilesDone { get; private set; }

    /// <summary>The steady-state temperature for a constant work rate (solves heat in = heat out).</summary>
    public double SteadyStateCelsius(double tilesPerSecond)
    {
        double power = Parameters.IdleWatts + Parameters.JoulesPerTile * tilesPerSecond;
        double sink = Parameters.SinkCelsius + KelvinOffset;
        double kelvin = Math.Pow(power / (Parameters.Emissivity * StefanBoltzmann * Parameters.RadiatingAreaM2) + Math.Pow(sink, 4), 0.25);
        return kelvin - KelvinOffset;
    }

    /// <summary>The highest constant work rate whose steady state stays at or under <paramref name="limitCelsius"/>.</summary>
    public double SustainableTilesPerSecond(double limitCelsius)
    {
        double sink = Parameters.SinkCelsius + KelvinOffset;
        double limit = limitCelsius + KelvinOffset;
        double radiated = Parameters.Emissivity * StefanBoltzmann * Parameters.RadiatingAreaM2 * (Math.Pow(limit, 4) - Math.Pow(sink, 4));
        return Math.Max(0, (radiated - Parameters.IdleWatts) / Parameters.JoulesPerTile);
    }

    private void Step(TimeSpan dt)
    {
        for (TimeSpan left = dt; left > TimeSpan.Zero; left -= MaxStep)
        {
            double seconds = (left < MaxStep ? left : MaxStep).TotalSeconds;
            bool on = _rail?.IsPowered ?? true;
            double rate = on ? WorkTilesPerSecond : 0;
            double heatIn = (on ? Parameters.IdleWatts : 0) + Parameters.JoulesPerTile * rate;
            double kelvin = Celsius + KelvinOffset;
            double sink = Parameters.SinkCelsius + KelvinOffset;
            double heatOut = Parameters.Emissivity * StefanBoltzmann * Parameters.RadiatingAreaM2 * (Math.Pow(kelvin, 4) - Math.Pow(sink, 4));
            Celsius += (heatIn - heatOut) * seconds / Parameters.HeatCapacityJoulesPerKelvin;
            TilesDone += rate * seconds;
        }
    }
}
