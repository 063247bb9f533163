namespace Payload.Telemetry.Links;

/// <summary>Where CADUs go on the flight side (or a test bench): a file, a socket, a serial line.</summary>
public interface ICaduSink : IAsyncDisposable
{
    /// <summary>Sends one CADU. The memory may be reused once the returned task completes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> cadu, CancellationToken cancellationToken = default);

    /// <summary>Pushes anything buffered out to the medium.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
