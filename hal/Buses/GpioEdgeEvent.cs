namespace Payload.Hal.Buses;

/// <summary>An edge seen on an input line, time-stamped when it happened (not when it was read).</summary>
/// <param name="Offset">Line offset on its chip.</param>
/// <param name="Edge">Rising or falling (logical).</param>
/// <param name="TimestampNs">Monotonic time of the edge in nanoseconds (CLOCK_MONOTONIC on Linux, the simulated clock otherwise).</param>
/// <param name="Sequence">Per-line sequence number, so lost events show as gaps.</param>
public readonly record struct GpioEdgeEvent(int Offset, GpioEdge Edge, long TimestampNs, long Sequence);
