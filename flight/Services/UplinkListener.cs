using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Payload.Flight.Configuration;
using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.Flight.Services;

/// <summary>
/// Receives CLTUs from the configured uplink into a queue the executive drains: one CLTU per UDP datagram, or CLTUs
/// cut from a TCP connection, a serial device or a file.
/// </summary>
internal sealed class UplinkListener(LinkConfiguration link, int maxCltuLength) : IAsyncDisposable
{
    private readonly Channel<byte[]> cltus = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource stop = new();
    private LinuxUartPort? serial;
    private Task running = Task.CompletedTask;

    public ChannelReader<byte[]> Cltus => cltus.Reader;

    /// <summary>Binds the socket (so the address is in use before this returns) and starts receiving.</summary>
    public void Start()
    {
        switch (link.Kind)
        {
            case LinkKind.Udp:
                var udp = new UdpClient(new IPEndPoint(IPAddress.Parse(link.Host!), link.Port));
                running = ReceiveDatagramsAsync(udp, stop.Token);
                break;
            case LinkKind.Tcp:
                var listener = new TcpListener(IPAddress.Parse(link.Host!), link.Port);
                listener.Start();
                running = AcceptAsync(listener, stop.Token);
                break;
            case LinkKind.Serial:
                // The line settings reach the tty here.
                serial = LinuxUartPort.Open(link.Path!, link.Line ?? new UartSettings());
                running = ReadStreamAsync(new BufferedStream(serial.AsStream()), stop.Token);
                break;
            default:
                running = ReadStreamAsync(new FileStream(link.Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), stop.Token);
                break;
        }
    }

    private async Task ReceiveDatagramsAsync(UdpClient udp, CancellationToken cancellationToken)
    {
        using (udp)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await udp.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                if (datagram.Buffer.Length > 0)
                {
                    cltus.Writer.TryWrite(datagram.Buffer);
                }
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                await ReadStreamAsync(client.GetStream(), cancellationToken).ConfigureAwait(false);
                client.Dispose();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task ReadStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            var reader = new CltuStreamReader(stream, maxCltuLength);
            try
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is byte[] cltu)
                {
                    await cltus.Writer.WriteAsync(cltu, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // the connection or the run ended (a closed tty ends its read)
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        // Closing the tty ends a read that is waiting on the line.
        serial?.Dispose();
        await running.ConfigureAwait(false);
        stop.Dispose();
    }
}
