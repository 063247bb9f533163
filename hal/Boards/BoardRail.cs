using Payload.Hal.Devices.Ina226;
using Payload.Hal.Devices.LoadSwitch;
using Payload.Hal.Devices.Tmp117;

namespace Payload.Hal.Boards;

/// <summary>A live rail: its switch, its current monitor and the temperature sensor on its load.</summary>
/// <param name="Name">Rail name.</param>
/// <param name="Switch">The load switch feeding it.</param>
/// <param name="Monitor">Its INA226, if any.</param>
/// <param name="TemperatureSensor">The TMP117 on its load, if any.</param>
/// <param name="CurrentLimitAmps">Latch-up threshold from the profile.</param>
/// <param name="MonitorDevice">Profile name of the monitor (the device name in its housekeeping records).</param>
/// <param name="TemperatureSensorDevice">Profile name of the temperature sensor.</param>
public sealed record BoardRail(string Name, LoadSwitch Switch, Ina226? Monitor, Tmp117? TemperatureSensor, double CurrentLimitAmps, string? MonitorDevice, string? TemperatureSensorDevice);
