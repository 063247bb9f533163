using Payload.Hal.Buses;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Devices.Ina226;
using Payload.Hal.Devices.LoadSwitch;
using Payload.Hal.Devices.Tmp117;
using Payload.Hal.Imaging;
using Payload.Hal.Linux;
using Payload.Hal.Simulation;

namespace Payload.Hal.Boards;

/// <summary>
/// Turns a validated profile into live drivers. A bus whose device is <c>sim</c> becomes a simulated bus
/// with chip models wired to simulated rails; any other bus is opened through the Linux backend.
/// The drivers are the same classes either way.
/// </summary>
public static class BoardBuilder
{
    /// <summary>Simulated load of a TMP117 with no rail: a constant room temperature, °C.</summary>
    private const double UnattachedSensorCelsius = 25;

    /// <summary>Scene size of the simulated camera when the profile does not say (small, so desk runs stay quick).</summary>
    private const int DefaultSceneSize = 256;

    /// <summary>Camera link speed when the profile does not say.</summary>
    private const int DefaultCameraBaud = 921600;

    /// <summary>Builds the board; <paramref name="clock"/> drives simulated parts (a new one when null).</summary>
    public static Board Build(BoardProfile profile, SimulatedClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        bool anySimulated = profile.Buses.Any(b => b.IsSimulated);
        clock ??= anySimulated ? new SimulatedClock() : null;
        SimulatedBoard? simulation = anySimulated ? new SimulatedBoard(clock!) : null;
        TimeProvider time = (TimeProvider?)clock ?? TimeProvider.System;
        var owned = new List<IDisposable>();
        try
        {
            return BuildCore(profile, simulation, time, owned);
        }
        catch
        {
            for (int i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            throw;
        }
    }

    private static Board BuildCore(BoardProfile profile, SimulatedBoard? simulation, TimeProvider time, List<IDisposable> owned)
    {
        var i2c = new Dictionary<string, II2cBus>();
        var gpio = new Dictionary<string, IGpioChip>();
        foreach (BusProfile bus in profile.Buses)
        {
            switch (bus.Kind)
            {
                case BusKind.I2c when bus.IsSimulated:
                    var simI2c = new SimulatedI2cBus($"sim:{bus.Name}");
                    simulation!.Add(bus.Name, simI2c);
                    i2c[bus.Name] = simI2c;
                    break;
                case BusKind.I2c:
                    i2c[bus.Name] = Own(owned, LinuxI2cBus.Open(bus.Device));
                    break;
                case BusKind.Gpio when bus.IsSimulated:
                    var simGpio = new SimulatedGpioChip($"sim:{bus.Name}", time);
                    simulation!.Add(bus.Name, simGpio);
                    gpio[bus.Name] = simGpio;
                    break;
                case BusKind.Gpio:
                    gpio[bus.Name] = Own(owned, LinuxGpioChip.Open(bus.Device));
                    break;
                default:
                    break; // watchdog opened with its device below; SPI and UART are opened by their users
            }
        }

        if (simulation is not null)
        {
            WireSimulation(profile, simulation);
        }

        var monitors = new Dictionary<string, Ina226>();
        var sensors = new Dictionary<string, Tmp117>();
        var switches = new Dictionary<string, LoadSwitch>();
        var imagers = new Dictionary<string, IImager>();
        IWatchdog? watchdog = null;
        foreach (DeviceProfile device in profile.Devices)
        {
            switch (device.Type)
            {
                case DeviceType.Ina226:
                    var calibration = Ina226Calibration.For(device.Parameter("shuntOhms", 0), device.Parameter("maxCurrentAmps", 0));
                    monitors[device.Name] = new Ina226(new I2cDevice(i2c[device.Bus], device.Address!.Value), calibration);
                    break;
                case DeviceType.Tmp117:
                    var tmp = new Tmp117(new I2cDevice(i2c[device.Bus], device.Address!.Value));
                    if (device.Parameters.ContainsKey("highLimitC") || device.Parameters.ContainsKey("lowLimitC"))
                    {
                        tmp.SetLimits(device.Parameter("lowLimitC", -55), device.Parameter("highLimitC", 150));
                    }

                    sensors[device.Name] = tmp;
                    break;
                case DeviceType.LoadSwitch:
                    switches[device.Name] = Own(owned, CreateLoadSwitch(profile, device, gpio[device.Bus]));
                    break;
                case DeviceType.Watchdog:
                    watchdog = Own(owned, CreateWatchdog(profile, device, simulation));
                    break;
                case DeviceType.Imager:
                    imagers[device.Name] = CreateImager(profile, device, simulation, owned);
                    break;
            }
        }

        var rails = profile.Rails.Select(r => new BoardRail(
            r.Name,
            switches[r.Switch],
            r.Monitor is null ? null : monitors[r.Monitor],
            r.TemperatureSensor is null ? null : sensors[r.TemperatureSensor],
            r.CurrentLimitAmps,
            r.Monitor,
            r.TemperatureSensor)).ToList();
        return new Board(profile, time, monitors, sensors, switches, imagers, rails, watchdog, simulation, owned);
    }

    private static LoadSwitch CreateLoadSwitch(BoardProfile profile, DeviceProfile device, IGpioChip chip)
    {
        string rail = profile.Rails.FirstOrDefault(r => r.Switch == device.Name)?.Name ?? device.Name;
        IGpioLine enable = chip.RequestOutput(device.Line!.Value, initialActive: true, new GpioLineOptions($"{device.Name}-en", device.ActiveLow));
        IGpioLine? powerGood = null;
        if (device.Parameters.TryGetValue("powerGoodLine", out double pgLine))
        {
            try
            {
                powerGood = chip.RequestInput((int)pgLine, new GpioLineOptions($"{device.Name}-pg", Edges: GpioEdge.Both));
            }
            catch
            {
                enable.Dispose();
                throw;
            }
        }

        return new LoadSwitch(rail, enable, powerGood);
    }

    /// <summary>
    /// A camera-link imager on the device's serial bus. On a simulated bus the other end of the link is a
    /// simulated camera board answering with synthetic scenes; closing the host end ends its loop.
    /// </summary>
    private static CameraLinkImager CreateImager(BoardProfile profile, DeviceProfile device, SimulatedBoard? simulation, List<IDisposable> owned)
    {
        BusProfile bus = profile.Buses.First(b => b.Name == device.Bus);
        var settings = new UartSettings((int)device.Parameter("baudRate", DefaultCameraBaud));
        if (!bus.IsSimulated)
        {
            return new CameraLinkImager(Own(owned, LinuxUartPort.Open(bus.Device, settings)));
        }

        (SimulatedUartPort host, SimulatedUartPort cameraEnd) = SimulatedUartPort.CreatePair($"sim:{bus.Name}", settings);
        Own(owned, cameraEnd);
        Own(owned, host);
        var generator = new SyntheticSceneGenerator((int)device.Parameter("sceneWidth", DefaultSceneSize), (int)device.Parameter("sceneHeight", DefaultSceneSize));
        var camera = new SimulatedCameraBoard(cameraEnd, generator, simulation!.Clock);
        simulation.AddCamera(device.Name, camera);
        _ = camera.RunAsync(CancellationToken.None);
        return new CameraLinkImager(host);
    }

    private static IWatchdog CreateWatchdog(BoardProfile profile, DeviceProfile device, SimulatedBoard? simulation)
    {
        BusProfile bus = profile.Buses.First(b => b.Name == device.Bus);
        var timeout = TimeSpan.FromSeconds(device.Parameter("timeoutSeconds", 10));
        if (bus.IsSimulated)
        {
            var watchdog = new SimulatedWatchdog(simulation!.Clock, timeout);
            simulation.AttachWatchdog(watchdog);
            return watchdog;
        }

        LinuxWatchdog linux = LinuxWatchdog.Open(bus.Device);
        linux.Timeout = timeout;
        return linux;
    }

    /// <summary>Places chip models on the simulated buses and wires rails, switches and the thermal model.</summary>
    private static void WireSimulation(BoardProfile profile, SimulatedBoard simulation)
    {
        var railOfMonitor = new Dictionary<string, SimulatedRail>();
        var thermalOfSensor = new Dictionary<string, AcceleratorThermalModel>();
        foreach (RailProfile rail in profile.Rails)
        {
            var simRail = new SimulatedRail(rail.Name, rail.Voltage, rail.SimulatedLoadAmps);
            simulation.Add(simRail);
            if (rail.Monitor is not null)
            {
                railOfMonitor[rail.Monitor] = simRail;
            }

            if (rail.TemperatureSensor is not null)
            {
                var thermal = new AcceleratorThermalModel(simulation.Clock, simRail, new AcceleratorThermalParameters());
                simulation.Thermal ??= thermal;
                thermalOfSensor[rail.TemperatureSensor] = thermal;
            }

            DeviceProfile switchDevice = profile.Devices.First(d => d.Name == rail.Switch);
            BusProfile switchBus = profile.Buses.First(b => b.Name == switchDevice.Bus);
            if (switchBus.IsSimulated)
            {
                SimulatedGpioChip chip = simulation.GpioChip(switchBus.Name);
                bool activeLow = switchDevice.ActiveLow;
                chip.ConnectOutput(switchDevice.Line!.Value, level => simRail.SetPowered(level ^ activeLow));
                if (switchDevice.Parameters.TryGetValue("powerGoodLine", out double pg))
                {
                    int pgLine = (int)pg;
                    chip.DriveInput(pgLine, simRail.PowerGood);
                    simRail.StateChanged += r => chip.DriveInput(pgLine, r.PowerGood);
                }
            }
        }

        foreach (DeviceProfile device in profile.Devices)
        {
            BusProfile bus = profile.Buses.First(b => b.Name == device.Bus);
            if (!bus.IsSimulated)
            {
                continue;
            }

            SimulatedI2cTarget? model = device.Type switch
            {
                DeviceType.Ina226 => new Ina226Model(device.Parameter("shuntOhms", 0), railOfMonitor.GetValueOrDefault(device.Name)),
                DeviceType.Tmp117 => thermalOfSensor.TryGetValue(device.Name, out AcceleratorThermalModel? thermal)
                    ? new Tmp117Model(() => thermal.Celsius, simulation.Clock)
                    : new Tmp117Model(static () => UnattachedSensorCelsius, simulation.Clock),
                _ => null,
            };
            if (model is not null)
            {
                simulation.I2cBus(bus.Name).Attach(device.Address!.Value, model);
                simulation.AddModel(device.Name, model);
            }
        }
    }

    private static T Own<T>(List<IDisposable> owned, T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}
