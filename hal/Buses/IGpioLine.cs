namespace Payload.Hal.Buses;

/// <summary>A requested GPIO line. Values are logical: true means active, whatever <see cref="GpioLineOptions.ActiveLow"/> says electrically.</summary>
public interface IGpioLine : IDisposable
{
    /// <summary>Offset of the line on its chip.</summary>
    int Offset { get; }

    /// <summary>True when requested as an output.</summary>
    bool IsOutput { get; }

    /// <summary>Reads the logical value.</summary>
    bool Read();

    /// <summary>Drives the logical value (outputs only; inputs throw <see cref="InvalidOperationException"/>).</summary>
    void Write(bool active);

    /// <summary>Takes the oldest pending edge event without waiting; false when there is none.</summary>
    bool TryReadEdge(out GpioEdgeEvent edge);
}
