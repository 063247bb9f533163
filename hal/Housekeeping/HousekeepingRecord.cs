namespace Payload.Hal.Housekeeping;

/// <summary>One housekeeping sample. A struct so sampling passes allocate nothing.</summary>
/// <param name="Device">Profile device name.</param>
/// <param name="Quantity">What was measured: current, bus-voltage, shunt-voltage, power, temperature, power-good.</param>
/// <param name="Value">The value in <paramref name="Unit"/>, NaN when <paramref name="Status"/> is not Ok.</param>
/// <param name="Unit">SI unit symbol.</param>
/// <param name="Time">Sample time (board clock).</param>
/// <param name="Status">Whether the read worked.</param>
public readonly record struct HousekeepingRecord(string Device, string Quantity, double Value, string Unit, DateTimeOffset Time, HousekeepingStatus Status);
