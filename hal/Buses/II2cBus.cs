namespace Payload.Hal.Buses;

/// <summary>
/// An I2C bus master. Each call is one bus transaction addressed to a 7-bit target; a failure
/// throws <see cref="I2cBusException"/> naming the bus, the address and the operation.
/// </summary>
public interface II2cBus : IDisposable
{
    /// <summary>Name of the bus in messages: the device path on Linux, the profile name on the simulated board.</summary>
    string Name { get; }

    /// <summary>Writes <paramref name="data"/> to the target (START, address+W, data, STOP).</summary>
    void Write(int address, ReadOnlySpan<byte> data);

    /// <summary>Reads <paramref name="buffer"/>.Length bytes from the target (START, address+R, data, STOP).</summary>
    void Read(int address, Span<byte> buffer);

    /// <summary>
    /// Writes then reads in ONE combined transaction with a repeated START and a single STOP, so no
    /// other master can slip in between setting a register pointer and reading it.
    /// </summary>
    void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read);
}
