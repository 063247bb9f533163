namespace Payload.Hal.Boards;

/// <summary>A validated board description: buses, devices and rails. Built only by <see cref="BoardProfileLoader"/>.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="Buses">Buses by declaration order.</param>
/// <param name="Devices">Devices by declaration order.</param>
/// <param name="Rails">Switched rails.</param>
public sealed record BoardProfile(string Name, IReadOnlyList<BusProfile> Buses, IReadOnlyList<DeviceProfile> Devices, IReadOnlyList<RailProfile> Rails);
