using System.Net;
using System.Net.Sockets;

namespace Payload.Telemetry.Links;

/// <summary>
/// Opens TCP links for CADU streams. The side that serves (the payload or rig) listens and accepts
/// one connection; the ground connects. Either side may send or receive: the connection is a plain
/// byte stream.
/// </summary>
public static class TcpCaduLink
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and reads CADUs from it.</summary>
    public static async Task<StreamCaduSource> ConnectSourceAsync(string host, int port, CancellationToken cancellationToken = default) =>
        new(await ConnectAsync(host, port, cancellationToken).ConfigureAwait(false), leaveOpen: false);

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and writes CADUs to it.</summary>
    public static async Task<StreamCaduSink> ConnectSinkAsync(string host, int port, CancellationToken cancellationToken = default) =>
        new(await ConnectAsync(host, port, cancellationToken).ConfigureAwait(false), leaveOpen: false);

    private static async Task<NetworkStream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        TcpClient client = new() { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return client.GetStream();
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Waits on <paramref name="listener"/> for one connection and writes CADUs to it.</summary>
    public static async Task<StreamCaduSink> AcceptSinkAsync(TcpListener listener, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        Socket socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        socket.NoDelay = true;
        return new StreamCaduSink(new NetworkStream(socket, ownsSocket: true), leaveOpen: false);
    }

    /// <summary>Waits on <paramref name="listener"/> for one connection and reads CADUs from it.</summary>
    public static async Task<StreamCaduSource> AcceptSourceAsync(TcpListener listener, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listener);
        Socket socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        return new StreamCaduSource(new NetworkStream(socket, ownsSocket: true), leaveOpen: false);
    }

    /// <summary>Starts listening on <paramref name="local"/> (port 0 picks a free one).</summary>
    public static TcpListener Listen(IPEndPoint local)
    {
        TcpListener listener = new(local);
        listener.Start(1);
        return listener;
    }
}
