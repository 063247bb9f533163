using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.GroundTest.Uplink;
using Payload.Telemetry.Products;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// One ground station session with one payload: the payload is either a spawned <c>Payload.Flight</c> child process
/// (sim board, default model, loopback UDP links) or a rig (TCP downlink, UDP or TCP uplink). CADUs from the downlink
/// go through an optional <see cref="CaduLinkShim"/> into <see cref="GroundTelemetryDecoder"/>; commands go up through
/// COP-1 (<see cref="Cop1CommandLink"/>) in signed Type-AD frames acknowledged by the CLCW in the downlink's OCF.
/// </summary>
/// <remarks>
/// <para>Observer surface (the CLI's live view, the report and the dashboard all use only this):</para>
/// <list type="bullet">
/// <item><see cref="Housekeeping"/>, <see cref="FlightEvent"/>, <see cref="Acknowledgement"/>, <see cref="ProductDecoded"/>
/// and <see cref="Alert"/> fire as the downlink is decoded; <see cref="LinkStatistics"/> fires once a second.</item>
/// <item><see cref="LatestHousekeeping"/> and <see cref="Link"/> read the current state at any time.</item>
/// <item><see cref="SendCommandAsync"/> sends a command by its dictionary name (<see cref="Dictionary"/>) with its
/// arguments as text (enums by name) and completes with its final acknowledgement (Completed, Failed or Rejected).</item>
/// </list>
/// <para>Events are raised on the session's receive thread (the link snapshot on a timer thread): handlers must be quick,
/// must not block, and must be thread-safe against each other.</para>
/// </remarks>
internal sealed class GroundSession : IAsyncDisposable
{
    private static readonly TimeSpan SnapshotPeriod = TimeSpan.FromSeconds(1);

    private readonly GroundSessionOptions options;
    private readonly GroundTelemetryDecoder decoder;
    private readonly CaduLinkShim? shim;
    private readonly CltuTransmitter transmitter;
    private readonly Cop1CommandLink uplink;
    private readonly TcFrameSigner signer;
    private readonly string keyFile;
    private readonly Socket? datagrams;
    private readonly IPEndPoint? rigDownlink;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<ushort, PendingCommand> pending = new();
    private readonly ConcurrentDictionary<ushort, bool> acknowledged = new();
    private readonly Dictionary<ushort, string> eventNames = FlightDictionary.Events.ToDictionary(e => e.Id, e => e.Name);
    private readonly Dictionary<ushort, string> commandNames = FlightDictionary.Commands.ToDictionary(c => c.Opcode, c => c.Name);
    private readonly ITimer snapshots;
    private readonly object snapshotGate = new();
    private Task receiving = Task.CompletedTask;
    private long caduOctets;
    private long lastOctets;
    private double lastRate;
    private DateTimeOffset lastSnapshot;
    private int nextTag;

    private GroundSession(GroundSessionOptions options, FlightChild? flight, Socket? datagrams, IPEndPoint? rigDownlink, CltuTransmitter transmitter, TcFrameSigner writer,
        string keyFile)
    {
        this.options = options;
        signer = writer;
        this.keyFile = keyFile;
        Flight = flight;
        this.datagrams = datagrams;
        this.rigDownlink = rigDownlink;
        this.transmitter = transmitter;
        if (options.CaduDropFraction > 0 || options.CaduCorruptionFraction > 0)
        {
            shim = new CaduLinkShim(options.CaduDropFraction, options.CaduCorruptionFraction, options.LinkSeed);
        }

        decoder = new GroundTelemetryDecoder(options.SpacecraftId);
        decoder.Housekeeping += OnHousekeeping;
        decoder.Event += OnEvent;
        decoder.Acknowledgement += OnAcknowledgement;
        decoder.Product += OnProduct;
        uplink = new Cop1CommandLink(
            writer,
            transmitter,
            new FopOptions { VirtualChannelId = CommandCltuEncoder.CommandVirtualChannel, Timeout = options.UplinkTimeout, TransmissionLimit = 20 },
            data => !acknowledged.ContainsKey(Cop1CommandLink.TagOf(data.Span)),
            options.Time);
        lastSnapshot = options.Time.GetUtcNow();
        snapshots = options.Time.CreateTimer(_ => LinkStatistics?.Invoke(TakeSnapshot(advance: true)), null, SnapshotPeriod, SnapshotPeriod);
    }

    /// <summary>Each housekeeping packet.</summary>
    public event Action<HousekeepingReceived>? Housekeeping;

    /// <summary>Each event packet (BOOTED after every start of the payload, MODE_CHANGED, SCENE_PROCESSED, ...).</summary>
    public event Action<FlightEventReceived>? FlightEvent;

    /// <summary>Each command acknowledgement (every stage).</summary>
    public event Action<AcknowledgementReceived>? Acknowledgement;

    /// <summary>Each product decoded (class maps, quicklooks, summaries, alerts).</summary>
    public event Action<ProductReceived>? ProductDecoded;

    /// <summary>Each alert product, with its capture-to-ground latency; also raised as <see cref="ProductDecoded"/>.</summary>
    public event Action<AlertReceived>? Alert;

    /// <summary>A link snapshot once a second.</summary>
    public event Action<LinkSnapshot>? LinkStatistics;

    /// <summary>The commands, channels, events and APIDs this ground station speaks.</summary>
    public DictionaryDocument Dictionary { get; } = FlightDictionary.Document;

    /// <summary>The spawned flight process; null against a rig.</summary>
    public FlightChild? Flight { get; }

    /// <summary>The last housekeeping packet, null before the first.</summary>
    public HousekeepingReceived? LatestHousekeeping { get; private set; }

    /// <summary>Both links now (the octet rate is that of the last one-second interval).</summary>
    public LinkSnapshot Link => TakeSnapshot(advance: false);

    /// <summary>Octets of CADUs received (before the link shim).</summary>
    public long CaduOctets => Interlocked.Read(ref caduOctets);

    /// <summary>Spawns the flight (or connects to the rig) and starts receiving.</summary>
    public static GroundSession Start(GroundSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Rig is null)
        {
            var datagrams = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            FlightChild flight;
            try
            {
                datagrams.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                flight = FlightChild.Create(Path.Combine(options.RunFolder, "flight"), ((IPEndPoint)datagrams.LocalEndPoint!).Port,
                    options.SpacecraftId, options.Spi, options.Board, options.MaxTilesPerSecond);
            }
            catch
            {
                datagrams.Dispose();
                throw;
            }

            var writer = new TcFrameSigner(new TcFrameFormat(options.SpacecraftId), TcKeyStore.Load(flight.KeyFile), options.Spi, new TcSecurityOptions(),
                SecuritySequenceFile.First(flight.KeyFile, options.Spi, options.FirstSequenceNumber, options.Time.GetUtcNow()));
            var session = new GroundSession(options, flight, datagrams, null, CltuTransmitter.Open($"udp://127.0.0.1:{flight.UplinkEndPoint.Port}"), writer, flight.KeyFile);
            session.receiving = Task.Run(() => session.ReceiveDatagramsAsync(session.stop.Token));
            flight.Start();
            return session;
        }

        if (options.RigUplink is null || options.KeyFile is null)
        {
            throw new ArgumentException("a rig session needs its uplink address and key file", nameof(options));
        }

        bool listen = options.Rig.StartsWith("udp://", StringComparison.Ordinal);
        IPEndPoint downlink = ParseHostPort(options.Rig.Replace("udp://", "", StringComparison.Ordinal).Replace("tcp://", "", StringComparison.Ordinal));
        var rigWriter = new TcFrameSigner(new TcFrameFormat(options.SpacecraftId), TcKeyStore.Load(options.KeyFile), options.Spi, new TcSecurityOptions(),
            SecuritySequenceFile.First(options.KeyFile, options.Spi, options.FirstSequenceNumber, options.Time.GetUtcNow()));
        CltuTransmitter rigUplink = CltuTransmitter.Open(options.RigUplink);
        if (listen)
        {
            var listener = new Socket(downlink.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            listener.Bind(downlink);
            var udpRig = new GroundSession(options, null, listener, null, rigUplink, rigWriter, options.KeyFile);
            udpRig.receiving = Task.Run(() => udpRig.ReceiveDatagramsAsync(udpRig.stop.Token));
            return udpRig;
        }

        var rig = new GroundSession(options, null, null, downlink, rigUplink, rigWriter, options.KeyFile);
        rig.receiving = Task.Run(() => rig.ReceiveStreamAsync(rig.stop.Token));
        return rig;
    }

    /// <summary>Parses HOST:PORT with an IP host, e.g. 127.0.0.1:52001.</summary>
    public static IPEndPoint ParseHostPort(string text)
    {
        if (!IPEndPoint.TryParse(text, out IPEndPoint? endPoint) || endPoint.Port == 0)
        {
            throw new FormatException($"'{text}' is not HOST:PORT with an IP address and a port, e.g. 127.0.0.1:52001");
        }

        return endPoint;
    }

    /// <summary>
    /// Sends <paramref name="name"/> with <paramref name="arguments"/> through COP-1 and completes with its final
    /// acknowledgement; an unknown name or bad argument throws <see cref="ArgumentException"/> at once.
    /// </summary>
    public Task<CommandAcknowledgement> SendCommandAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        SendCommandAsync(name, arguments, (ushort)((Interlocked.Increment(ref nextTag) % ushort.MaxValue) + 1), cancellationToken);

    /// <summary>As <see cref="SendCommandAsync(string, IReadOnlyList{string}, CancellationToken)"/> with the tag chosen by the caller.</summary>
    public async Task<CommandAcknowledgement> SendCommandAsync(string name, IReadOnlyList<string> arguments, ushort tag, CancellationToken cancellationToken)
    {
        CommandDefinition definition = Dictionary.Command(name);
        byte[] data = CommandCodec.Encode(definition, tag, arguments);
        var command = new PendingCommand(definition.Opcode, new TaskCompletionSource<CommandAcknowledgement>(TaskCreationOptions.RunContinuationsAsynchronously));
        pending[tag] = command;
        acknowledged.TryRemove(tag, out _);
        uplink.Submit(data);
        try
        {
            return await command.Final.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pending.TryRemove(tag, out _);
        }
    }

    /// <summary>
    /// Gives up on command <paramref name="tag"/> (its caller stopped waiting): COP-1 does not send it again after a
    /// re-initiation, so a command re-issued under another tag is not executed twice.
    /// </summary>
    public void Abandon(ushort tag) => acknowledged[tag] = true;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        snapshots.Dispose();
        datagrams?.Dispose();
        try
        {
            await receiving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        uplink.Dispose();
        SecuritySequenceFile.Record(keyFile, options.Spi, signer.NextSequenceNumber);
        transmitter.Dispose();
        Flight?.Dispose();
        stop.Dispose();
    }

    private async Task ReceiveDatagramsAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[ushort.MaxValue];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await datagrams!.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            // An empty datagram is a flight's end-of-transmission mark; it comes back after a restart, so keep listening.
            if (length > 0)
            {
                OnCadu(buffer.AsSpan(0, length));
            }
        }
    }

    private async Task ReceiveStreamAsync(CancellationToken cancellationToken)
    {
        int caduLength = DownlinkFormat.Cadu.CaduLength;
        byte[] buffer = new byte[caduLength * 64];
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient(rigDownlink!.AddressFamily) { NoDelay = true };
                await client.ConnectAsync(rigDownlink, cancellationToken).ConfigureAwait(false);
                NetworkStream stream = client.GetStream();
                int filled = 0;
                while (true)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                    int whole = filled / caduLength * caduLength;
                    for (int offset = 0; offset < whole; offset += caduLength)
                    {
                        OnCadu(buffer.AsSpan(offset, caduLength));
                    }

                    buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
                    filled -= whole;
                }
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // The rig is not listening (yet, or again after a restart).
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), options.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnCadu(Span<byte> cadu)
    {
        Interlocked.Add(ref caduOctets, cadu.Length);
        if (shim is not null && !shim.Pass(cadu))
        {
            return;
        }

        long frames = decoder.Statistics.FramesAccepted;
        decoder.Push(cadu);
        if (decoder.Statistics.FramesAccepted != frames && decoder.LastClcw is Clcw clcw)
        {
            uplink.OnClcw(clcw);
        }
    }

    private void OnHousekeeping(IReadOnlyDictionary<ushort, double> values)
    {
        var sample = new HousekeepingReceived(options.Time.GetUtcNow(), values);
        LatestHousekeeping = sample;
        Housekeeping?.Invoke(sample);
    }

    private void OnEvent(ushort id, EventSeverity severity, string text) =>
        FlightEvent?.Invoke(new FlightEventReceived(options.Time.GetUtcNow(), id, eventNames.GetValueOrDefault(id, $"EVENT_{id}"), severity, text));

    private void OnAcknowledgement(CommandAcknowledgement ack)
    {
        acknowledged[ack.Tag] = true;
        Acknowledgement?.Invoke(new AcknowledgementReceived(options.Time.GetUtcNow(), commandNames.GetValueOrDefault(ack.Opcode, $"0x{ack.Opcode:X4}"), ack));
        if (ack.Stage != AcknowledgementStage.Accepted && pending.TryGetValue(ack.Tag, out PendingCommand? command) && command.Opcode == ack.Opcode)
        {
            command.Final.TrySetResult(ack);
        }
    }

    private void OnProduct(DecodedProduct product)
    {
        DateTimeOffset now = options.Time.GetUtcNow();
        ProductDecoded?.Invoke(new ProductReceived(now, product));
        if (product.Header.Kind == ProductKind.Alert && product.Alert is AlertDetail detail)
        {
            Alert?.Invoke(new AlertReceived(now, product, detail, now - product.Header.CaptureTime));
        }
    }

    private LinkSnapshot TakeSnapshot(bool advance)
    {
        DateTimeOffset now = options.Time.GetUtcNow();
        long octets = CaduOctets;
        double rate;
        lock (snapshotGate)
        {
            if (advance)
            {
                double seconds = (now - lastSnapshot).TotalSeconds;
                lastRate = seconds > 0 ? (octets - lastOctets) / seconds : 0;
                lastSnapshot = now;
                lastOctets = octets;
            }

            rate = lastRate;
        }

        var statistics = decoder.Statistics;
        return new LinkSnapshot(
            now, statistics.Cadus, octets, rate, statistics.CorrectedSymbols, statistics.UncorrectableCodewords,
            statistics.MasterChannelFramesLost, statistics.PacketsLost, statistics.SenderRestarts, shim?.Dropped ?? 0, shim?.Corrupted ?? 0,
            uplink.State, uplink.Outstanding, transmitter.Sent, uplink.Retransmissions, uplink.Resynchronisations, Flight?.Starts ?? 0);
    }

    private sealed record PendingCommand(ushort Opcode, TaskCompletionSource<CommandAcknowledgement> Final);
}
