using System.Collections.Concurrent;
using System.Net;
using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.GroundTest.Uplink;
using Payload.Telemetry.Products;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// One ground station session with one payload, for <c>run</c>, the dashboard, <c>send</c> and <c>model ...</c>: the
/// payload is either a spawned <c>Payload.Flight</c> child process (sim board, default model, loopback UDP links) or
/// reached at the addresses of <see cref="GroundSessionOptions"/> (UDP, TCP or a serial device, see <see cref="GroundLink"/>).
/// Whole CADUs from the downlink go through an optional <see cref="CaduLinkShim"/> into <see cref="GroundTelemetryDecoder"/>;
/// commands go up through COP-1 (<see cref="Cop1CommandLink"/>) in signed Type-AD frames acknowledged by the CLCW in the
/// downlink's OCF, or once as Type-BD when there is no downlink. CFDP PDUs travel as Type-BD on TC VC 1 with the same
/// security sequence, whose next number is recorded in <see cref="SecuritySequenceFile"/> when the session ends.
/// </summary>
/// <remarks>
/// <para>Observer surface (the CLI's live view, the report and the dashboard all use only this):</para>
/// <list type="bullet">
/// <item><see cref="Housekeeping"/>, <see cref="FlightEvent"/>, <see cref="Acknowledgement"/>, <see cref="ProductDecoded"/>,
/// <see cref="Alert"/> and <see cref="FilePdu"/> fire as the downlink is decoded; <see cref="LinkStatistics"/> fires once a second.</item>
/// <item><see cref="LatestHousekeeping"/> and <see cref="Link"/> read the current state at any time.</item>
/// <item><see cref="SendCommandAsync(string, IReadOnlyList{string}, CancellationToken)"/> sends a command by its dictionary name
/// (<see cref="Dictionary"/>) with its arguments as text (enums by name) and completes with its final acknowledgement
/// (Completed, Failed or Rejected).</item>
/// </list>
/// <para>Events are raised on the session's receive thread (the link snapshot on a timer thread): handlers must be quick,
/// must not block, and must be thread-safe against each other.</para>
/// </remarks>
internal sealed class GroundSession : IAsyncDisposable
{
    private static readonly TimeSpan SnapshotPeriod = TimeSpan.FromSeconds(1);

    private readonly GroundSessionOptions options;
    private readonly GroundLink link;
    private readonly GroundTelemetryDecoder decoder;
    private readonly CaduLinkShim? shim;
    private readonly Cop1CommandLink uplink;
    private readonly string keyFile;
    private readonly ConcurrentDictionary<ushort, PendingCommand> pending = new();
    private readonly ConcurrentDictionary<ushort, bool> acknowledged = new();
    private readonly Dictionary<ushort, string> eventNames = FlightDictionary.Events.ToDictionary(e => e.Id, e => e.Name);
    private readonly Dictionary<ushort, string> commandNames = FlightDictionary.Commands.ToDictionary(c => c.Opcode, c => c.Name);
    private readonly ITimer snapshots;
    private readonly object snapshotGate = new();
    private long caduOctets;
    private long lastOctets;
    private double lastRate;
    private DateTimeOffset lastSnapshot;
    private int nextTag;

    private GroundSession(GroundSessionOptions options, FlightChild? flight, GroundLink link, CommandCltuEncoder encoder, string keyFile)
    {
        this.options = options;
        this.link = link;
        this.keyFile = keyFile;
        Encoder = encoder;
        Flight = flight;
        if (options.CaduDropFraction > 0 || options.CaduCorruptionFraction > 0)
        {
            shim = new CaduLinkShim(options.CaduDropFraction, options.CaduCorruptionFraction, options.LinkSeed);
        }

        decoder = new GroundTelemetryDecoder(options.SpacecraftId);
        decoder.Housekeeping += OnHousekeeping;
        decoder.Event += OnEvent;
        decoder.Acknowledgement += OnAcknowledgement;
        decoder.Product += OnProduct;
        decoder.FilePdu += pdu => FilePdu?.Invoke(pdu);
        uplink = new Cop1CommandLink(
            encoder.FrameWriter,
            link.Uplink,
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

    /// <summary>Each CFDP PDU from the payload's file-delivery entity (a copy), for the ground's CFDP entity.</summary>
    public event Action<byte[]>? FilePdu;

    /// <summary>A link snapshot once a second.</summary>
    public event Action<LinkSnapshot>? LinkStatistics;

    /// <summary>The commands, channels, events and APIDs this ground station speaks.</summary>
    public DictionaryDocument Dictionary { get; } = FlightDictionary.Document;

    /// <summary>The spawned flight process; null against a rig or a payload reached by address.</summary>
    public FlightChild? Flight { get; }

    /// <summary>Whether a downlink is heard: commands go through COP-1 and are acknowledged only then.</summary>
    public bool HearsDownlink => link.HasDownlink;

    /// <summary>
    /// Signs CFDP PDUs and Type-BD commands; its counter is the session's security sequence, shared with COP-1's frames.
    /// Put what it encodes up with <see cref="SendCltu"/>.
    /// </summary>
    public CommandCltuEncoder Encoder { get; }

    /// <summary>The last housekeeping packet, null before the first.</summary>
    public HousekeepingReceived? LatestHousekeeping { get; private set; }

    /// <summary>Both links now (the octet rate is that of the last one-second interval).</summary>
    public LinkSnapshot Link => TakeSnapshot(advance: false);

    /// <summary>Octets of CADUs received (before the link shim).</summary>
    public long CaduOctets => Interlocked.Read(ref caduOctets);

    /// <summary>Spawns the flight or opens the links to the payload, and starts receiving.</summary>
    /// <exception cref="KeyFileException">The key file is unusable.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A UDP downlink cannot be bound.</exception>
    /// <exception cref="IOException">A serial device cannot be opened, or the flight's folder cannot be written.</exception>
    /// <exception cref="FormatException">The sequence file is malformed, or one device is named with two line settings.</exception>
    public static async Task<GroundSession> StartAsync(GroundSessionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Uplink is null)
        {
            return await SpawnAsync(options, cancellationToken).ConfigureAwait(false);
        }

        if (options.KeyFile is null)
        {
            throw new ArgumentException("a session with a payload's uplink needs its key file", nameof(options));
        }

        CommandCltuEncoder encoder = EncoderFor(options, options.KeyFile);
        GroundLink link = await GroundLink.OpenAsync(options.Downlink, cancellationToken).ConfigureAwait(false);
        try
        {
            link.OpenUplink(options.Uplink);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var session = new GroundSession(options, null, link, encoder, options.KeyFile);
        link.StartReceiving(session.OnCadu, options.Time);
        return session;
    }

    /// <summary>
    /// Sends <paramref name="name"/> with <paramref name="arguments"/> through COP-1 and completes with its final
    /// acknowledgement; an unknown name or bad argument throws <see cref="ArgumentException"/> at once.
    /// </summary>
    public Task<CommandAcknowledgement> SendCommandAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        SendCommandAsync(name, arguments, (ushort)((Interlocked.Increment(ref nextTag) % ushort.MaxValue) + 1), cancellationToken);

    /// <summary>As <see cref="SendCommandAsync(string, IReadOnlyList{string}, CancellationToken)"/> with the tag chosen by the caller.</summary>
    public Task<CommandAcknowledgement> SendCommandAsync(string name, IReadOnlyList<string> arguments, ushort tag, CancellationToken cancellationToken)
    {
        CommandDefinition definition = Dictionary.Command(name);
        return SendCommandAsync(definition, tag, CommandCodec.Encode(definition, tag, arguments), cancellationToken);
    }

    /// <summary>Sends encoded command data (<paramref name="tag"/> is the one inside it) through COP-1 and completes with its final acknowledgement.</summary>
    /// <exception cref="InvalidOperationException">No downlink is heard, so nothing would acknowledge it.</exception>
    public async Task<CommandAcknowledgement> SendCommandAsync(CommandDefinition definition, ushort tag, byte[] data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!HearsDownlink)
        {
            throw new InvalidOperationException($"{definition.Name} needs a downlink for COP-1; without one send it with {nameof(EncodeTypeBd)}");
        }

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

    /// <summary>Signs command data into a Type-BD CLTU (no COP-1, nothing acknowledges it); put it up with <see cref="SendCltu"/>.</summary>
    public byte[] EncodeTypeBd(byte[] data) => Encoder.Encode(data);

    /// <summary>Puts one encoded CLTU (a CFDP PDU's or a Type-BD command's) on the uplink; false when it could not be sent.</summary>
    public bool SendCltu(byte[] cltu) => link.Uplink.SendCltu(cltu);

    /// <summary>
    /// Gives up on command <paramref name="tag"/> (its caller stopped waiting): COP-1 does not send it again after a
    /// re-initiation, so a command re-issued under another tag is not executed twice.
    /// </summary>
    public void Abandon(ushort tag) => acknowledged[tag] = true;

    public async ValueTask DisposeAsync()
    {
        snapshots.Dispose();
        // COP-1 first, so its timer sends nothing to a closed link; a CLCW that still arrives is ignored.
        uplink.Dispose();
        await link.DisposeAsync().ConfigureAwait(false);
        SecuritySequenceFile.Record(keyFile, options.Spi, Encoder.NextSequenceNumber);

        Flight?.Dispose();
    }

    private static async Task<GroundSession> SpawnAsync(GroundSessionOptions options, CancellationToken cancellationToken)
    {
        if (options.RunFolder is null)
        {
            throw new ArgumentException("spawning a flight needs a run folder", nameof(options));
        }

        GroundLink link = await GroundLink.OpenAsync(new LinkConfiguration(LinkKind.Udp, IPAddress.Loopback.ToString(), 0), cancellationToken).ConfigureAwait(false);
        FlightChild? flight = null;
        try
        {
            flight = FlightChild.Create(Path.Combine(options.RunFolder, "flight"), link.DownlinkEndPoint!.Port, options.SpacecraftId, options.Spi, options.Board,
                options.MaxTilesPerSecond);
            link.OpenUplink(flight.Uplink);
            var session = new GroundSession(options, flight, link, EncoderFor(options, flight.KeyFile), flight.KeyFile);
            link.StartReceiving(session.OnCadu, options.Time);
            flight.Start();
            return session;
        }
        catch
        {
            flight?.Dispose();
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static CommandCltuEncoder EncoderFor(GroundSessionOptions options, string keyFile) =>
        new(options.SpacecraftId, TcKeyStore.Load(keyFile), options.Spi,
            SecuritySequenceFile.First(keyFile, options.Spi, options.FirstSequenceNumber, options.Time.GetUtcNow()));

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
            uplink.State, uplink.Outstanding, link.Uplink.Sent, uplink.Retransmissions, uplink.Resynchronisations, Flight?.Starts ?? 0);
    }

    private sealed record PendingCommand(ushort Opcode, TaskCompletionSource<CommandAcknowledgement> Final);
}
