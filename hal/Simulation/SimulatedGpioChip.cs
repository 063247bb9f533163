using Payload.Hal.Buses;

namespace Payload.Hal.Simulation;

/// <summary>
/// A GPIO controller whose pins are wired to the simulated board: outputs drive board signals (a load
/// switch enable), inputs follow board signals (power-good) and queue edge events stamped with the
/// simulated clock.
/// </summary>
public sealed class SimulatedGpioChip(string name, TimeProvider clock) : IGpioChip
{
    private readonly Dictionary<int, bool> _levels = [];
    private readonly Dictionary<int, Action<bool>> _outputs = [];
    private readonly Dictionary<int, SimulatedGpioLine> _requested = [];

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Wires an output pin to a board signal: <paramref name="sink"/> receives the electrical level.</summary>
    public void ConnectOutput(int offset, Action<bool> sink) => _outputs[offset] = sink;

    /// <summary>Sets the electrical level an input pin sees; a requested line queues the edge.</summary>
    public void DriveInput(int offset, bool level)
    {
        bool previous = _levels.GetValueOrDefault(offset);
        _levels[offset] = level;
        if (previous != level && _requested.TryGetValue(offset, out SimulatedGpioLine? line))
        {
            line.OnLevelChanged(level, clock.GetTimestamp() * (1_000_000_000 / clock.TimestampFrequency));
        }
    }

    /// <summary>The electrical level of a pin now.</summary>
    public bool Level(int offset) => _levels.GetValueOrDefault(offset);

    /// <inheritdoc />
    public IGpioLine RequestInput(int offset, GpioLineOptions options) => Request(offset, false, false, options);

    /// <inheritdoc />
    public IGpioLine RequestOutput(int offset, bool initialActive, GpioLineOptions options) => Request(offset, true, initialActive, options);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal void Release(int offset) => _requested.Remove(offset);

    internal void DriveOutput(int offset, bool level)
    {
        _levels[offset] = level;
        if (_outputs.TryGetValue(offset, out Action<bool>? sink))
        {
            sink(level);
        }
    }

    private SimulatedGpioLine Request(int offset, bool output, bool initialActive, GpioLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (_requested.ContainsKey(offset))
        {
            throw new IOException($"GPIO line {offset} on {Name} is already requested (EBUSY).");
        }

        var line = new SimulatedGpioLine(this, offset, output, options);
        _requested[offset] = line;
        if (output)
        {
            line.Write(initialActive);
        }

        return line;
    }
}
