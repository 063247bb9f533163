using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Telemetry.Links;

namespace Payload.Flight.Services;

/// <summary>
/// The configured CADU sink: UDP datagrams to Host:Port, a file, a serial device, or a TCP connection accepted on
/// Host:Port (CADUs produced before the ground connects are not sent).
/// </summary>
internal sealed class DownlinkLink : IAsyncDisposable
{
    private readonly TcpListener? listener;
    private readonly Task<StreamCaduSink>? accepting;
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
                accepting = TcpCaduLink.AcceptSinkAsync(listener);
                break;
            case LinkKind.Serial:
                sink = new StreamCaduSink(new FileStream(link.Path!, FileMode.Open, FileAccess.Write, FileShare.ReadWrite));
                break;
            default:
                sink = StreamCaduSink.CreateFile(link.Path!);
                break;
        }
    }

    /// <summary>Whether CADUs written now reach the ground.</summary>
    public bool IsConnected
    {
        get
        {
            if (sink is null && accepting is { IsCompletedSuccessfully: true })
            {
                sink = accepting.Result;
                listener?.Stop();
            }
            return sink is not null;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> cadu, CancellationToken cancellationToken)
    {
        if (IsConnected)
        {
            try
            {
                await sink!.WriteAsync(cadu, cancellationToken).ConfigureAwait(false);
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // A ground that went away does not stop the payload; the next connection is not awaited in this build.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener?.Stop();
        if (sink is not null)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
