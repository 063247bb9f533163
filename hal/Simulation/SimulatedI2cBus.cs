using Payload.Hal.Buses;

namespace Payload.Hal.Simulation;

/// <summary>
/// An I2C bus whose targets are chip models. Transactions fail as on a real bus: an absent or
/// unpowered target does not acknowledge, and injected faults (<see cref="SimulatedI2cFault"/>) fail or
/// corrupt transfers to one address.
/// </summary>
public sealed class SimulatedI2cBus(string name) : II2cBus
{
    private readonly Dictionary<int, SimulatedI2cTarget> _targets = [];
    private readonly Dictionary<int, SimulatedI2cFault> _faults = [];

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Transactions completed or failed so far (for tests and the benchmark).</summary>
    public long TransactionCount { get; private set; }

    /// <summary>Places a chip model at <paramref name="address"/>.</summary>
    public void Attach(int address, SimulatedI2cTarget target)
    {
        I2cAddress.Validate(Name, address);
        ArgumentNullException.ThrowIfNull(target);
        if (!_targets.TryAdd(address, target))
        {
            throw new ArgumentException($"{Name} already has a target at 0x{address:X2}.", nameof(address));
        }
    }

    /// <summary>Turns a fault on (or off with <see cref="SimulatedI2cFault.None"/>) for one address.</summary>
    public void InjectFault(int address, SimulatedI2cFault fault)
    {
        if (fault == SimulatedI2cFault.None)
        {
            _faults.Remove(address);
        }
        else
        {
            _faults[address] = fault;
        }
    }

    /// <inheritdoc />
    public void Write(int address, ReadOnlySpan<byte> data) => Target(address, "write").OnWrite(data);

    /// <inheritdoc />
    public void Read(int address, Span<byte> buffer)
    {
        Target(address, "read").OnRead(buffer);
        CorruptIfFaulted(address, buffer);
    }

    /// <inheritdoc />
    public void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        SimulatedI2cTarget target = Target(address, "write-read");
        target.OnWrite(write);
        target.OnRead(read);
        CorruptIfFaulted(address, read);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private SimulatedI2cTarget Target(int address, string operation)
    {
        TransactionCount++;
        I2cAddress.Validate(Name, address);
        _faults.TryGetValue(address, out SimulatedI2cFault fault);
        if (fault == SimulatedI2cFault.Nack)
        {
            throw new I2cBusException(Name, address, operation, "NACK: target did not acknowledge its address");
        }

        if (fault == SimulatedI2cFault.Timeout)
        {
            throw new I2cBusException(Name, address, operation, "bus timeout: SCL held low by the target");
        }

        if (!_targets.TryGetValue(address, out SimulatedI2cTarget? target))
        {
            throw new I2cBusException(Name, address, operation, "NACK: no target at this address");
        }

        if (target.Supply is { IsPowered: false })
        {
            throw new I2cBusException(Name, address, operation, $"NACK: target unpowered (rail {target.Supply.Name} off)");
        }

        return target;
    }

    private void CorruptIfFaulted(int address, Span<byte> read)
    {
        if (!read.IsEmpty && _faults.TryGetValue(address, out SimulatedI2cFault fault) && fault == SimulatedI2cFault.CorruptBytes)
        {
            read[^1] = (byte)~read[^1];
        }
    }
}
