using System.IO.Pipelines;

namespace Payload.Hal.Buses;

/// <summary>
/// A serial port. Bytes flow through <see cref="Input"/> / <see cref="Output"/>; links that take a
/// <see cref="Stream"/> use <see cref="AsStream"/> instead. Use one style per port, not both.
/// </summary>
public interface IUartPort : IDisposable
{
    /// <summary>Name in messages: the tty path on Linux.</summary>
    string Name { get; }

    /// <summary>The line settings in force.</summary>
    UartSettings Settings { get; }

    /// <summary>Bytes received from the line.</summary>
    PipeReader Input { get; }

    /// <summary>Bytes to send on the line; flushed bytes are written to the port.</summary>
    PipeWriter Output { get; }

    /// <summary>The port as a bidirectional, non-seekable stream.</summary>
    Stream AsStream();
}
