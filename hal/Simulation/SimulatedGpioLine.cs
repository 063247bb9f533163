using Payload.Hal.Buses;

namespace Payload.Hal.Simulation;

/// <summary>A requested line of a <see cref="SimulatedGpioChip"/>; logical values honour active-low as the kernel does.</summary>
internal sealed class SimulatedGpioLine(SimulatedGpioChip chip, int offset, bool isOutput, GpioLineOptions options) : IGpioLine
{
    private readonly Queue<GpioEdgeEvent> _edges = new();
    private long _sequence;

    public int Offset { get; } = offset;

    public bool IsOutput { get; } = isOutput;

    public bool Read() => chip.Level(Offset) ^ options.ActiveLow;

    public void Write(bool active)
    {
        if (!IsOutput)
        {
            throw new InvalidOperationException($"GPIO line {Offset} on {chip.Name} is requested as an input and cannot be driven.");
        }

        chip.DriveOutput(Offset, active ^ options.ActiveLow);
    }

    public bool TryReadEdge(out GpioEdgeEvent edge) => _edges.TryDequeue(out edge);

    public void Dispose() => chip.Release(Offset);

    internal void OnLevelChanged(bool level, long timestampNs)
    {
        GpioEdge edge = level ^ options.ActiveLow ? GpioEdge.Rising : GpioEdge.Falling;
        if ((options.Edges & edge) != 0)
        {
            _edges.Enqueue(new GpioEdgeEvent(Offset, edge, timestampNs, ++_sequence));
        }
    }
}
