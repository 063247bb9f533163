using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Flight.Telemetry;
using Payload.Hal.Buses;
using Payload.Hal.Linux;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Links;
using Payload.Telemetry.Sync;

namespace Payload.GroundTest.Station;

/// <summary>
/// The ground's two link ends to one payload, opened from <see cref="LinkConfiguration"/>s (see <see cref="GroundLinkAddress"/>):
/// the downlink as a CADU byte stream (UDP listened on, TCP connected to, or a serial device) cut into whole CADUs at
/// the Attached Sync Marker by the telemetry library's <see cref="FrameSynchronizer"/>, and the uplink as a
/// <see cref="CltuTransmitter"/>. One serial device may carry both directions; it is then opened once.
/// <see cref="OpenSourceAsync"/> opens one such byte stream (or a CADU file) on its own, for <c>decode</c>.
/// </summary>
/// <remarks>
/// What is local fails at once in <see cref="OpenAsync"/>: a UDP address that cannot be bound, a serial device that
/// cannot be opened. A TCP downlink is connected to by the receive loop, so the payload may start listening later.
/// A link that ends (the payload restarted, closed its TCP connection, sent its end-of-transmission datagram, or the
/// tty reported a hang-up) is opened again after <see cref="ReopenDelay"/> until the link is disposed.
/// </remarks>
internal sealed class GroundLink : IAsyncDisposable
{
    private static readonly TimeSpan ReopenDelay = TimeSpan.FromMilliseconds(200);

    private readonly LinkConfiguration? downlink;
    private readonly List<LinuxUartPort> serialPorts = [];
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] cadu = new byte[AttachedSyncMarker.Length + DownlinkFormat.Cadu.CodeblockLength];
    private ICaduSource? source;
    private LinuxUartPort? downlinkPort;
    private Task receiving = Task.CompletedTask;

    private GroundLink(LinkConfiguration? downlink) => this.downlink = downlink;

    /// <summary>Where a UDP downlink is listened on (with the port actually bound); null for other links.</summary>
    public IPEndPoint? DownlinkEndPoint { get; private set; }

    public bool HasDownlink => downlink is not null;

    /// <summary>The uplink; set by <see cref="OpenUplink"/>.</summary>
    public CltuTransmitter Uplink { get; private set; } = null!;

    /// <summary>Opens <paramref name="downlink"/> (null: none, commands go up unacknowledged); a TCP one is connected to once receiving starts.</summary>
    /// <exception cref="SocketException">A UDP address cannot be bound.</exception>
    /// <exception cref="IOException">A serial device cannot be opened or configured.</exception>
    public static async Task<GroundLink> OpenAsync(LinkConfiguration? downlink, CancellationToken cancellationToken)
    {
        var link = new GroundLink(downlink);
        if (downlink is null)
        {
            return link;
        }

        try
        {
            if (downlink.Kind == LinkKind.Serial)
            {
                link.downlinkPort = link.OpenSerial(downlink);
            }

            if (downlink.Kind != LinkKind.Tcp)
            {
                link.source = await link.OpenDownlinkSourceAsync(downlink, cancellationToken).ConfigureAwait(false);
            }

            return link;
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens <paramref name="uplink"/>; a serial device the downlink already opened is shared.</summary>
    /// <exception cref="IOException">A serial device cannot be opened or configured.</exception>
    /// <exception cref="SocketException">A host name does not resolve.</exception>
    /// <exception cref="FormatException">The downlink opened the same device with other line settings.</exception>
    public void OpenUplink(LinkConfiguration uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        Uplink = uplink.Kind switch
        {
            LinkKind.Udp or LinkKind.Tcp => CltuTransmitter.ToSocket(GroundLinkAddress.EndPoint(uplink), uplink.Kind == LinkKind.Tcp),
            LinkKind.Serial => CltuTransmitter.ToDevice(SerialFor(uplink).AsStream()),
            _ => throw new FormatException($"uplink {uplink} is not {GroundLinkAddress.Forms}"),
        };
    }

    /// <summary>Starts reading the downlink: <paramref name="onCadu"/> gets each whole CADU (marker and codeblock) on the receive thread.</summary>
    public void StartReceiving(Action<Span<byte>> onCadu, TimeProvider time)
    {
        if (downlink is not null)
        {
            receiving = Task.Run(() => ReceiveAsync(downlink, onCadu, time, stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await receiving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        await CloseSourceAsync().ConfigureAwait(false);
        Uplink?.Dispose();
        foreach (LinuxUartPort port in serialPorts)
        {
            port.Dispose();
        }

        stop.Dispose();
    }

    private async Task ReceiveAsync(LinkConfiguration address, Action<Span<byte>> onCadu, TimeProvider time, CancellationToken cancellationToken)
    {
        // The synchroniser hands over the codeblock in true polarity; the marker is put back in front of it so the
        // link shim and the decoder see the CADU as it was sent.
        var synchronizer = new FrameSynchronizer(new FrameSynchronizerOptions { CodeblockLength = DownlinkFormat.Cadu.CodeblockLength }, (codeblock, _) =>
        {
            AttachedSyncMarker.Write(cadu);
            codeblock.CopyTo(cadu.AsSpan(AttachedSyncMarker.Length));
            onCadu(cadu);
        });
        while (true)
        {
            try
            {
                source ??= await OpenDownlinkSourceAsync(address, cancellationToken).ConfigureAwait(false);
                await PumpAsync(source.Reader, synchronizer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // The payload is not there (yet, or again after a restart).
            }

            await CloseSourceAsync().ConfigureAwait(false);
            await Task.Delay(ReopenDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(PipeReader reader, FrameSynchronizer synchronizer, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                synchronizer.Push(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Opens a CADU byte stream that ends with its link, for <c>decode</c> and this class: a file (read to its end),
    /// UDP (listened on; ends on an empty datagram), TCP (connected to; ends when the peer closes) or a serial device
    /// (closed when the source is disposed).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file that does not exist.</exception>
    /// <exception cref="SocketException">A UDP address cannot be bound, a TCP one refuses, or a name does not resolve.</exception>
    /// <exception cref="IOException">A serial device cannot be opened or configured.</exception>
    public static async Task<ICaduSource> OpenSourceAsync(LinkConfiguration address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        switch (address.Kind)
        {
            case LinkKind.Udp:
                return new UdpCaduSource(GroundLinkAddress.EndPoint(address));
            case LinkKind.Tcp:
                return await TcpCaduLink.ConnectSourceAsync(address.Host!, address.Port, cancellationToken).ConfigureAwait(false);
            case LinkKind.Serial:
                return new SerialCaduSource(LinuxUartPort.Open(address.Path!, address.Line ?? new UartSettings()));
            default:
                if (!File.Exists(address.Path))
                {
                    throw new FileNotFoundException($"CADU file {address.Path} does not exist", address.Path);
                }

                return StreamCaduSource.OpenFile(address.Path!);
        }
    }

    /// <summary>The downlink again: a UDP one on the port first bound, a serial one on the device kept open.</summary>
    private async Task<ICaduSource> OpenDownlinkSourceAsync(LinkConfiguration address, CancellationToken cancellationToken)
    {
        if (address.Kind == LinkKind.Serial)
        {
            return new StreamCaduSource(downlinkPort!.AsStream(), leaveOpen: true);
        }

        ICaduSource opened = await OpenSourceAsync(DownlinkEndPoint is null ? address : address with { Host = DownlinkEndPoint.Address.ToString(), Port = DownlinkEndPoint.Port },
            cancellationToken).ConfigureAwait(false);
        if (opened is UdpCaduSource udp)
        {
            DownlinkEndPoint = udp.LocalEndPoint;
        }

        return opened;
    }

    private async Task CloseSourceAsync()
    {
        if (source is not null)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            source = null;
        }
    }

    private LinuxUartPort SerialFor(LinkConfiguration uplink)
    {
        if (downlinkPort is not null && downlink!.Path == uplink.Path)
        {
            if ((downlink.Line ?? new UartSettings()) != (uplink.Line ?? new UartSettings()))
            {
                throw new FormatException($"uplink {GroundLinkAddress.Format(uplink)} names the downlink's device {downlink.Path} with other line settings ({GroundLinkAddress.Format(downlink)})");
            }

            return downlinkPort;
        }

        return OpenSerial(uplink);
    }

    private LinuxUartPort OpenSerial(LinkConfiguration link)
    {
        LinuxUartPort port = LinuxUartPort.Open(link.Path!, link.Line ?? new UartSettings());
        serialPorts.Add(port);
        return port;
    }

    /// <summary>A serial device read as a CADU source on its own (<c>decode</c>): the port closes with the source.</summary>
    private sealed class SerialCaduSource(LinuxUartPort port) : ICaduSource
    {
        private readonly StreamCaduSource stream = new(port.AsStream(), leaveOpen: true);

        public PipeReader Reader => stream.Reader;

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            port.Dispose();
        }
    }
}
