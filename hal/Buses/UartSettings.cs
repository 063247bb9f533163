namespace Payload.Hal.Buses;

/// <summary>Line settings of a UART; always 8 data bits, raw (no echo, no line editing, no flow control).</summary>
/// <param name="BaudRate">Bits per second; must be one of the standard rates the port supports.</param>
/// <param name="Parity">Parity bit.</param>
/// <param name="StopBits">Stop bits.</param>
public sealed record UartSettings(int BaudRate = 115_200, UartParity Parity = UartParity.None, UartStopBits StopBits = UartStopBits.One);
