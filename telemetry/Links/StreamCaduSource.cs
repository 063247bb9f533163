using System.IO.Pipelines;

namespace Payload.Telemetry.Links;

/// <summary>Reads the CADU byte stream from any <see cref="Stream"/>: a file, a TCP connection, a serial device opened by hal.</summary>
public sealed class StreamCaduSource : ICaduSource
{
    /// <summary>Wraps a stream; <paramref name="leaveOpen"/> false disposes it with the source.</summary>
    public StreamCaduSource(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: leaveOpen));
    }

    /// <summary>Opens a CADU file for reading.</summary>
    public static StreamCaduSource OpenFile(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan));

    /// <inheritdoc />
    public PipeReader Reader { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Reader.CompleteAsync();
}
