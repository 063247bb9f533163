namespace Payload.Hal.Simulation;

/// <summary>
/// The simulated side of a board built from a profile whose buses are <c>sim</c>: the clock, the rails,
/// the buses with their chip models and the thermal model. Tests and ground-test turn the fault knobs
/// here; drivers only ever see the bus interfaces.
/// </summary>
public sealed class SimulatedBoard
{
    private readonly Dictionary<string, SimulatedI2cBus> _i2c = [];
    private readonly Dictionary<string, SimulatedGpioChip> _gpio = [];
    private readonly Dictionary<string, SimulatedRail> _rails = [];
    private readonly Dictionary<string, SimulatedI2cTarget> _models = [];
    private readonly Dictionary<string, SimulatedCameraBoard> _cameras = [];

    /// <summary>A board on <paramref name="clock"/>.</summary>
    public SimulatedBoard(SimulatedClock clock) => Clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>The clock every model steps on.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>The board watchdog, when the profile has one. When it expires the board resets: every rail is power-cycled
    /// (clearing latch-ups) and every chip returns to its power-on registers, so software must initialise them again.</summary>
    public SimulatedWatchdog? Watchdog { get; private set; }

    /// <summary>Board resets so far (watchdog expiries).</summary>
    public int ResetCount { get; private set; }

    /// <summary>The accelerator thermal model, when the profile has a temperature sensor on a rail.</summary>
    public AcceleratorThermalModel? Thermal { get; internal set; }

    /// <summary>A simulated I2C bus by its profile name.</summary>
    public SimulatedI2cBus I2cBus(string name) => Find(_i2c, name, "I2C bus");

    /// <summary>A simulated GPIO chip by its profile name.</summary>
    public SimulatedGpioChip GpioChip(string name) => Find(_gpio, name, "GPIO chip");

    /// <summary>A rail by its profile name.</summary>
    public SimulatedRail Rail(string name) => Find(_rails, name, "rail");

    /// <summary>The INA226 model behind a profile device.</summary>
    public Ina226Model Ina226(string device) => (Ina226Model)Find(_models, device, "INA226 model");

    /// <summary>The TMP117 model behind a profile device.</summary>
    public Tmp117Model Tmp117(string device) => (Tmp117Model)Find(_models, device, "TMP117 model");

    /// <summary>The simulated camera board behind a profile imager device.</summary>
    public SimulatedCameraBoard Camera(string device) => Find(_cameras, device, "camera board");

    internal void AddCamera(string device, SimulatedCameraBoard camera) => _cameras.Add(device, camera);

    internal void AttachWatchdog(SimulatedWatchdog watchdog)
    {
        Watchdog = watchdog;
        watchdog.BoardReset += Reset;
    }

    internal void Add(string name, SimulatedI2cBus bus) => _i2c.Add(name, bus);

    internal void Add(string name, SimulatedGpioChip chip) => _gpio.Add(name, chip);

    internal void Add(SimulatedRail rail) => _rails.Add(rail.Name, rail);

    internal void AddModel(string device, SimulatedI2cTarget model) => _models.Add(device, model);

    private void Reset()
    {
        ResetCount++;
        foreach (SimulatedRail rail in _rails.Values)
        {
            if (rail.IsPowered)
            {
                rail.SetPowered(false);
                rail.SetPowered(true);
            }
        }

        foreach (SimulatedI2cTarget model in _models.Values)
        {
            model.PowerOnReset();
        }
    }

    private static T Find<T>(Dictionary<string, T> items, string name, string what) =>
        items.TryGetValue(name, out T? item) ? item : throw new KeyNotFoundException($"The simulated board has no {what} named '{name}'.");
}
