using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Payload.Telemetry.Links;

/// <summary>
/// Receives CADU datagrams on a local UDP address and presents them as one byte stream. An empty
/// datagram (sent by <see cref="UdpCaduSink"/> on dispose) ends the stream; so does disposing.
/// </summary>
public sealed class UdpCaduSource : ICaduSource
{
    /// <summary>Largest datagram accepted: a UDP payload limit, far above any CADU (131.0-B).</summary>
    private const int MaxDatagram = 65507;

    private readonly Socket _socket;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    /// <summary>Binds to <paramref name="local"/> (port 0 picks a free one, see <see cref="LocalEndPoint"/>) and starts receiving.</summary>
    public UdpCaduSource(IPEndPoint local)
    {
        ArgumentNullException.ThrowIfNull(local);
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(local);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _pump = PumpAsync();
    }

    /// <summary>The bound address, with the port actually used.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc />
    public PipeReader Reader => _pipe.Reader;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _pump.ConfigureAwait(false);
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        PipeWriter writer = _pipe.Writer;
        Exception? failure = null;
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(writer.GetMemory(MaxDatagram), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                writer.Advance(received);
                FlushResult result = await writer.FlushAsync(_stop.Token).ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the stream simply ends.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a receive was pending.
        }
        catch (SocketException e)
        {
            failure = e;
        }

        await writer.CompleteAsync(failure).ConfigureAwait(false);
    }
}
