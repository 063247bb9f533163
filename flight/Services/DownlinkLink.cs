using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Hal.Buses;
using Payload.Hal.Linux;
using Payload.Telemetry.Links;

namespace Payload.Flight.Services;

/// <summary>
/// The configured CADU sink: UDP datagrams to Host:Port, a file, a serial device (its baud, parity and stop bits
/// applied through termios), or TCP connections accepted on
/// Host:Port. With TCP the listener keeps accepting: a ground that drops is replaced by the next one to connect, and
/// a new connection takes over from an older one (CADUs produced while no ground is connected are not sent).
/// </summary>
internal sealed class DownlinkLink : IAsyncDisposable
{
    private readonly TcpListener? listener;
    private readonly CancellationTokenSource stop = new();
    private readonly LinuxUartPort? serial;
    private Task<StreamCaduSink>? accepting;
    private ICaduSink? sink;

    public DownlinkLink(LinkConfiguration link)
    {
        switch (link.Kind)
        {
            case LinkKind.Udp:
                sink = new UdpCaduSink(new IPEndPoint(IPAddress.Parse(link.Host!), link.Port));
                break;
            case LinkKind.Tcp:
                listener = TcpCaduLink.Listen(new IPEndPoint(IPAddress.Parse(link.Host!), link.Port));
                accepting = TcpCaduLink.AcceptSinkAsync(listener, stop.Token);
                break;
            case LinkKind.Serial:
                serial = LinuxUartPort.Open(link.Path!, link.Line ?? new UartSettings());
                sink = new StreamCaduSink(serial.AsStream(), leaveOpen: true);
                break;
            default:
                sink = StreamCaduSink.CreateFile(link.Path!);
                break;
        }
    }

    /// <summary>The TCP listening address (port 0 in the configuration picks a free one); null for other links.</summary>
    public EndPoint? LocalEndPoint => listener?.LocalEndpoint;

    /// <summary>Ground connections accepted so far (TCP).</summary>
    public long Connections { get; private set; }

    /// <summary>Whether CADUs written now reach the ground.</summary>
    public bool IsConnected => sink is not null || accepting is { IsCompletedSuccessfully: true };

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> cadu, CancellationToken cancellationToken)
    {
        await TakeNewConnectionAsync().ConfigureAwait(false);
        if (sink is null)
        {
            return;
        }
        try
        {
            await sink.WriteAsync(cadu, cancellationToken).ConfigureAwait(false);
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // A ground that went away does not stop the payload; with TCP the next connection takes its place.
            if (listener is not null)
            {
                await CloseAsync(sink).ConfigureAwait(false);
                sink = null;
            }
        }
    }

    private async ValueTask TakeNewConnectionAsync()
    {
        if (listener is null || accepting is not { IsCompleted: true } done)
        {
            return;
        }
        if (done.IsCompletedSuccessfully)
        {
            if (sink is not null)
            {
                await CloseAsync(sink).ConfigureAwait(false);
            }
            sink = done.Result;
            Connections++;
        }
        accepting = stop.IsCancellationRequested ? null : TcpCaduLink.AcceptSinkAsync(listener, stop.Token);
    }

    private static async ValueTask CloseAsync(ICaduSink closing)
    {
        try
        {
            await closing.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // the connection is already broken
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener?.Stop();
        if (accepting is not null)
        {
            try
            {
                await CloseAsync(await accepting.ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // no connection was pending
            }
        }
        if (sink is not null)
        {
            await CloseAsync(sink).ConfigureAwait(false);
        }
        serial?.Dispose();
        stop.Dispose();
    }
}
