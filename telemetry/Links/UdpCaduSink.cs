using System.Net;
using System.Net.Sockets;

namespace Payload.Telemetry.Links;

/// <summary>
/// Sends each CADU as one UDP datagram to a ground station or rig address. On dispose an empty
/// datagram marks the end of the transmission, which <see cref="UdpCaduSource"/> takes as end of stream.
/// </summary>
public sealed class UdpCaduSink : ICaduSink
{
    private readonly Socket _socket;
    private readonly EndPoint _destination;

    /// <summary>Creates a sink sending to <paramref name="destination"/>.</summary>
    public UdpCaduSink(IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _destination = destination;
        _socket = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> cadu, CancellationToken cancellationToken = default) =>
        await _socket.SendToAsync(cadu, SocketFlags.None, _destination, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _socket.SendToAsync(ReadOnlyMemory<byte>.Empty, SocketFlags.None, _destination).ConfigureAwait(false);
        _socket.Dispose();
    }
}
