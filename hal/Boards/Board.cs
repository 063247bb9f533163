using Payload.Hal.Buses;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Devices.Ina226;
using Payload.Hal.Devices.LoadSwitch;
using Payload.Hal.Devices.Tmp117;
using Payload.Hal.Simulation;

namespace Payload.Hal.Boards;

/// <summary>Live driver objects for a profile, over real or simulated buses. Built by <see cref="BoardBuilder"/>.</summary>
public sealed class Board : IDisposable
{
    private readonly List<IDisposable> _owned;

    internal Board(
        BoardProfile profile,
        TimeProvider time,
        IReadOnlyDictionary<string, Ina226> powerMonitors,
        IReadOnlyDictionary<string, Tmp117> temperatureSensors,
        IReadOnlyDictionary<string, LoadSwitch> loadSwitches,
        IReadOnlyDictionary<string, IImager> imagers,
        IReadOnlyList<BoardRail> rails,
        IWatchdog? watchdog,
        SimulatedBoard? simulation,
        List<IDisposable> owned)
    {
        Profile = profile;
        Time = time;
        PowerMonitors = powerMonitors;
        TemperatureSensors = temperatureSensors;
        LoadSwitches = loadSwitches;
        Imagers = imagers;
        Rails = rails;
        Watchdog = watchdog;
        Simulation = simulation;
        _owned = owned;
    }

    /// <summary>The profile the board was built from.</summary>
    public BoardProfile Profile { get; }

    /// <summary>The clock housekeeping and protection run on (the simulated clock on a simulated board).</summary>
    public TimeProvider Time { get; }

    /// <summary>INA226 drivers by device name.</summary>
    public IReadOnlyDictionary<string, Ina226> PowerMonitors { get; }

    /// <summary>TMP117 drivers by device name.</summary>
    public IReadOnlyDictionary<string, Tmp117> TemperatureSensors { get; }

    /// <summary>Load switches by device name.</summary>
    public IReadOnlyDictionary<string, LoadSwitch> LoadSwitches { get; }

    /// <summary>Imagers by device name.</summary>
    public IReadOnlyDictionary<string, IImager> Imagers { get; }

    /// <summary>Switched rails.</summary>
    public IReadOnlyList<BoardRail> Rails { get; }

    /// <summary>The hardware watchdog, when the profile has one.</summary>
    public IWatchdog? Watchdog { get; }

    /// <summary>The simulated side (fault knobs, models), or null on real hardware.</summary>
    public SimulatedBoard? Simulation { get; }

    /// <summary>Releases lines, closes buses and (with magic close) the watchdog.</summary>
    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }
}
