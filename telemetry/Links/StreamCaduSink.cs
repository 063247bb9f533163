using System.IO.Pipelines;

namespace Payload.Telemetry.Links;

/// <summary>
/// Writes CADUs back to back into any <see cref="Stream"/>: a file, a TCP connection, or a serial
/// device opened elsewhere (hal) and handed in. Buffered through a <see cref="PipeWriter"/>.
/// </summary>
public sealed class StreamCaduSink : ICaduSink
{
    private readonly PipeWriter _writer;

    /// <summary>Wraps a stream; <paramref name="leaveOpen"/> false disposes it with the sink.</summary>
    public StreamCaduSink(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: leaveOpen));
    }

    /// <summary>Creates (or truncates) a CADU file.</summary>
    public static StreamCaduSink CreateFile(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous));

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> cadu, CancellationToken cancellationToken = default)
    {
        cadu.Span.CopyTo(_writer.GetSpan(cadu.Length));
        _writer.Advance(cadu.Length);

        // Let a few CADUs gather before touching the medium; PipeWriter tracks the unflushed size.
        return _writer.UnflushedBytes >= FlushThreshold ? FlushCoreAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => FlushCoreAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Unflushed octets that trigger a write to the stream.</summary>
    private const int FlushThreshold = 64 * 1024;

    private async ValueTask FlushCoreAsync(CancellationToken cancellationToken) =>
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
}
