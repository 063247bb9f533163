namespace Payload.Hal.Buses;

/// <summary>How a line is requested.</summary>
/// <param name="Consumer">Label shown by the kernel for the line's user.</param>
/// <param name="ActiveLow">True when the line's active state is electrically low; values are logical.</param>
/// <param name="Edges">Edges reported as events (inputs only).</param>
public sealed record GpioLineOptions(string Consumer = "payload", bool ActiveLow = false, GpioEdge Edges = GpioEdge.None);
