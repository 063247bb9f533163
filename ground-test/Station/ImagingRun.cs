using System.Globalization;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Output;
using Payload.GroundTest.Products;
using Payload.Hal.Imaging;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Station;

/// <summary>
/// The main job over a <see cref="GroundSession"/>: SET_MODE OPERATE, IMAGE_SCENES, follow every product into the
/// <see cref="GroundOutput"/> and the <see cref="TileLedger"/>, optionally SIGKILL and restart the flight at seeded
/// random moments (re-commanding OPERATE after each boot), and once the payload is idle ask for whatever is missing
/// with RESEND_TILES: the tiles missing any per-tile product, count 0 for a scene whose quicklook or summary never arrived.
/// Its state is read by the live view.
/// </summary>
internal sealed class ImagingRun
{
    /// <summary>No product (nor boot, nor command completed) for this long with every scene's tile count known: the payload is done.</summary>
    private static readonly TimeSpan QuietWhenCounted = TimeSpan.FromSeconds(1.5);

    /// <summary>No product for this long with an empty scene queue: the payload is done even though something is missing.</summary>
    private static readonly TimeSpan QuietWhenIncomplete = TimeSpan.FromSeconds(6);

    /// <summary>How long one attempt of a command waits for its final acknowledgement.</summary>
    private static readonly TimeSpan CommandWait = TimeSpan.FromSeconds(10);

    /// <summary>This run's command tags start here, clear of the session's own numbering.</summary>
    private const ushort FirstTag = 0x4000;

    /// <summary>The dictionary name of the command that re-sends a scene's tiles (opcode 0x0008).</summary>
    private const string ResendTiles = "RESEND_TILES";

    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan ShortestTimeBetweenKills = TimeSpan.FromMilliseconds(200);

    /// <summary>Octets of raw imagery per pixel: the simulated imager's bands at its bit depth.</summary>
    private static readonly double RawOctetsPerPixel = SyntheticSceneGenerator.BandNames.Count * SyntheticSceneGenerator.BitDepth / 8.0;

    private readonly object gate = new();
    private readonly GroundSession session;
    private readonly GroundOutput output;
    private readonly ImagingRunOptions options;
    private readonly TimeProvider time;
    private readonly TileLedger ledger = new();
    private readonly Queue<string> recentEvents = new();
    private readonly List<(DateTimeOffset CapturedAt, DateTimeOffset ReceivedAt)> alerts = [];
    private readonly List<DateTimeOffset> bootTimes = [];
    private readonly List<(DateTimeOffset At, double DownlinkQueue, double ProductBacklog)> backlogSamples = [];
    private DateTimeOffset firstAlertAt = DateTimeOffset.MaxValue;
    private DateTimeOffset lastAlertAt = DateTimeOffset.MinValue;
    private readonly uint[] seeds;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ushort, bool> acceptedTags = new();
    private int commandsSent;
    private int boots;
    private int operatedAtBoot;
    private int killsDone;
    private int resendCommands;
    private long products;
    private DateTimeOffset lastActivityAt;
    private DateTimeOffset started;

    public ImagingRun(GroundSession session, GroundOutput output, ImagingRunOptions options, TimeProvider time)
    {
        this.session = session;
        this.output = output;
        this.options = options;
        this.time = time;
        seeds = [.. Enumerable.Range(0, options.Scenes).Select(i => options.FirstSeed + (uint)i)];
        foreach (uint seed in seeds)
        {
            ledger.Request(seed);
        }

        session.ProductDecoded += OnProduct;
        session.FlightEvent += OnFlightEvent;
        session.Housekeeping += OnHousekeeping;
        session.Acknowledgement += a => acceptedTags[a.Acknowledgement.Tag] = true;
        session.Acknowledgement += a => output.AddEvent(a.ReceivedAt, "ack", $"{a.CommandName} tag {a.Acknowledgement.Tag}: {a.Acknowledgement.Stage}{(a.Acknowledgement.Reason.Length > 0 ? " (" + a.Acknowledgement.Reason + ")" : "")}");
        session.LinkStatistics += OnLink;
        lastActivityAt = time.GetUtcNow();
    }

    public IReadOnlyList<uint> Seeds => seeds;

    public int KillsDone => Volatile.Read(ref killsDone);

    public int Boots => Volatile.Read(ref boots);

    public int ResendCommands => Volatile.Read(ref resendCommands);

    /// <summary>Products received, every arrival counted.</summary>
    public long Products => Interlocked.Read(ref products);

    /// <summary>The ledger's products line: received of expected per kind after deduplication, and the re-deliveries.</summary>
    public string ProductsReceived
    {
        get
        {
            lock (gate)
            {
                return ledger.DescribeProducts();
            }
        }
    }

    public TimeSpan Elapsed => time.GetUtcNow() - started;

    /// <summary>Tiles of <paramref name="seed"/> with every per-tile product received, and its tile count (null until its summary arrived).</summary>
    public (int Arrived, int? Count) Progress(uint seed)
    {
        lock (gate)
        {
            return (ledger.ArrivedOf(seed), ledger.TileCountOf(seed));
        }
    }

    public int TilesReceived
    {
        get
        {
            lock (gate)
            {
                return ledger.Arrived;
            }
        }
    }

    public IReadOnlyList<string> RecentEvents
    {
        get
        {
            lock (gate)
            {
                return [.. recentEvents];
            }
        }
    }

    /// <summary>
    /// The flight's downlink queue (DOWNLINK_QUEUE, all VCs) and product backlog (PRODUCT_BACKLOG) in octets from the
    /// housekeeping received between the first and the last alert: the load the alert latencies were measured under.
    /// </summary>
    public IReadOnlyList<(double DownlinkQueue, double ProductBacklog)> BacklogWhileAlerting
    {
        get
        {
            lock (gate)
            {
                return [.. backlogSamples.Where(s => s.At >= firstAlertAt && s.At <= lastAlertAt).Select(s => (s.DownlinkQueue, s.ProductBacklog))];
            }
        }
    }

    /// <summary>Alert latencies (capture → decoded on the ground) of first arrivals, those delayed by a flight restart apart.</summary>
    public AlertLatencies AlertLatencies
    {
        get
        {
            lock (gate)
            {
                return new AlertLatencies(alerts, bootTimes);
            }
        }
    }

    /// <summary>The ledger's verdict line and whether every product of every scene arrived exactly once (lost: products of any kind).</summary>
    public (string Description, bool Complete, int Lost, int Duplicated) Verdict()
    {
        lock (gate)
        {
            return (ledger.Describe(), ledger.Complete, ledger.Lost, ledger.Duplicated);
        }
    }

    /// <summary>Runs the whole job; true when every product of every scene arrived exactly once.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        started = time.GetUtcNow();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        CancellationToken token = deadline.Token;
        Note($"imaging {seeds.Length} scene(s) from seed {options.FirstSeed}" + (options.Kills > 0 ? $", {options.Kills} kill(s)" : ""));
        Task chaos = options.Kills > 0 && session.Flight is not null ? KillsAsync(session.Flight, token) : Task.CompletedTask;
        try
        {
            await ImageScenesAsync(token).ConfigureAwait(false);
            await SettleAsync(chaos, token).ConfigureAwait(false);
            bool resendKnown = FlightDictionary.Commands.Any(c => c.Name == ResendTiles);
            if (!resendKnown && !Verdict().Complete)
            {
                Note($"the dictionary has no {ResendTiles}: missing tiles cannot be asked for again");
            }

            for (int round = 1; resendKnown && round <= options.RecoveryRounds && !Verdict().Complete; round++)
            {
                await RecoverAsync(round, token).ConfigureAwait(false);
                await SettleAsync(chaos, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Note($"run timed out after {options.Timeout.TotalSeconds:F0} s");
        }

        await chaos.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Verdict().Complete;
    }

    /// <summary>IMAGE_SCENES until the payload queued them (it refuses outside OPERATE, e.g. right after a restart).</summary>
    private async Task ImageScenesAsync(CancellationToken token)
    {
        string[] arguments = [seeds.Length.ToString(CultureInfo.InvariantCulture), options.FirstSeed.ToString(CultureInfo.InvariantCulture)];
        while (true)
        {
            await EnsureOperateAsync(token).ConfigureAwait(false);
            CommandAcknowledgement imaging = await CommandAsync("IMAGE_SCENES", arguments, token).ConfigureAwait(false);
            Note($"IMAGE_SCENES {arguments[0]} {arguments[1]}: {imaging.Stage}{(imaging.Reason.Length > 0 ? " (" + imaging.Reason + ")" : "")}");
            if (imaging.Stage is AcknowledgementStage.Completed or AcknowledgementStage.Accepted)
            {
                return;
            }

            await Task.Delay(PollPeriod, time, token).ConfigureAwait(false);
        }
    }

    private async Task EnsureOperateAsync(CancellationToken token)
    {
        operatedAtBoot = Boots;
        CommandAcknowledgement ack = await CommandAsync("SET_MODE", ["OPERATE"], token).ConfigureAwait(false);
        if (ack.Stage is AcknowledgementStage.Failed or AcknowledgementStage.Rejected)
        {
            // SAFE leads to OPERATE only through IDLE.
            await CommandAsync("CLEAR_FAULTS", [], token).ConfigureAwait(false);
            await CommandAsync("SET_MODE", ["IDLE"], token).ConfigureAwait(false);
            ack = await CommandAsync("SET_MODE", ["OPERATE"], token).ConfigureAwait(false);
        }

        Note($"SET_MODE OPERATE: {ack.Stage}{(ack.Reason.Length > 0 ? " (" + ack.Reason + ")" : "")}");
    }

    /// <summary>
    /// Sends a command until the payload accepted it. A final acknowledgement lost on the link after an Accepted one
    /// counts as accepted (sending it again could run it twice); without any acknowledgement the command is abandoned
    /// (COP-1 will not deliver it later) and sent again under a new tag — the payload may have been killed with it.
    /// </summary>
    private async Task<CommandAcknowledgement> CommandAsync(string name, IReadOnlyList<string> arguments, CancellationToken token)
    {
        while (true)
        {
            ushort tag = (ushort)(FirstTag + (Interlocked.Increment(ref commandsSent) % (ushort.MaxValue - FirstTag)));
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
            attempt.CancelAfter(CommandWait);
            try
            {
                CommandAcknowledgement ack = await session.SendCommandAsync(name, arguments, tag, attempt.Token).ConfigureAwait(false);
                Touch();
                return ack;
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                session.Abandon(tag);
                if (acceptedTags.ContainsKey(tag))
                {
                    Note($"{name} tag {tag}: accepted, its final acknowledgement was lost");
                    return new CommandAcknowledgement(session.Dictionary.Command(name).Opcode, tag, AcknowledgementStage.Accepted, "final acknowledgement lost");
                }

                Note($"{name} tag {tag}: no acknowledgement within {CommandWait.TotalSeconds:F0} s, sending it again");
            }
        }
    }

    /// <summary>Waits until the chaos is over and the payload went quiet; re-commands OPERATE after every boot.</summary>
    private async Task SettleAsync(Task chaos, CancellationToken token)
    {
        while (true)
        {
            await Task.Delay(PollPeriod, time, token).ConfigureAwait(false);
            if (Boots != operatedAtBoot)
            {
                await EnsureOperateAsync(token).ConfigureAwait(false);
                continue;
            }

            // Not before the flight booted again after the last kill.
            if (!chaos.IsCompleted || session.Flight is { IsRunning: false } || (session.Flight is not null && Boots <= KillsDone))
            {
                continue;
            }

            TimeSpan quiet;
            bool counted;
            lock (gate)
            {
                quiet = time.GetUtcNow() - lastActivityAt;
                counted = ledger.ScenesWithoutCount.Count == 0;
            }

            if ((counted && quiet >= QuietWhenCounted && Verdict().Lost == 0) || (quiet >= QuietWhenIncomplete && SceneQueueEmpty()))
            {
                return;
            }
        }
    }

    private bool SceneQueueEmpty()
    {
        HousekeepingReceived? latest = session.LatestHousekeeping;
        lock (gate)
        {
            return latest is not null && latest.ReceivedAt > lastActivityAt && latest[FlightDictionary.SceneQueueChannel] is 0 or null;
        }
    }

    private async Task RecoverAsync(int round, CancellationToken token)
    {
        List<(uint Seed, ushort First, ushort Count)> asks = [];
        lock (gate)
        {
            foreach (uint seed in seeds)
            {
                // Count 0 sends the quicklook and the summary again (which also tells the tile count).
                if (ledger.TileCountOf(seed) is null || ledger.SceneProductsMissing(seed))
                {
                    asks.Add((seed, 0, 0));
                }

                asks.AddRange(ledger.MissingRuns(seed).Select(r => (seed, r.First, r.Count)));
            }
        }

        Note($"recovery round {round}: {asks.Count} RESEND_TILES command(s)");
        foreach ((uint seed, ushort first, ushort count) in asks)
        {
            Interlocked.Increment(ref resendCommands);
            CommandAcknowledgement ack = await CommandAsync(ResendTiles, [seed.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)], token).ConfigureAwait(false);
            if (ack.Stage is AcknowledgementStage.Completed or AcknowledgementStage.Accepted)
            {
                lock (gate)
                {
                    ledger.Resent(seed, first, count);
                }
            }

            Note($"RESEND_TILES {seed} {first} {count}: {ack.Stage}{(ack.Reason.Length > 0 ? " (" + ack.Reason + ")" : "")}");
        }
    }

    private async Task KillsAsync(FlightChild flight, CancellationToken token)
    {
        var random = new Random(options.ChaosSeed);
        double span = Math.Max(0, (options.MaxTimeBetweenKills - ShortestTimeBetweenKills).TotalMilliseconds);
        for (int kill = 1; kill <= options.Kills; kill++)
        {
            // Each kill comes at a random moment after the flight booted, so every restart gets some work done first.
            int bootsBefore = Boots;
            while (Boots == bootsBefore && Boots < kill)
            {
                await Task.Delay(PollPeriod, time, token).ConfigureAwait(false);
            }

            await Task.Delay(ShortestTimeBetweenKills + TimeSpan.FromMilliseconds(random.NextDouble() * span), time, token).ConfigureAwait(false);
            flight.Kill();
            Interlocked.Increment(ref killsDone);
            Note($"chaos: SIGKILL {kill} of {options.Kills}, restarting the flight");
            flight.Start();
        }
    }

    private void OnProduct(ProductReceived arrival)
    {
        DecodedProduct product = arrival.Product;
        ProductHeader header = product.Header;
        bool first;
        lock (gate)
        {
            lastActivityAt = arrival.ReceivedAt;
            first = ledger.Record(header);
            if (product.Summary is SceneSummaryDetail summary)
            {
                ledger.Expect(header.SceneId, summary.TileCount);
            }

            if (first && header.Kind == ProductKind.ClassMap)
            {
                // Tiles' valid areas cover the scene once: the raw imagery this class map replaces.
                output.AddRawImageryBytes((long)Math.Round(header.Width * header.Height * RawOctetsPerPixel));
            }

            if (first && product.Alert is not null)
            {
                // Only first arrivals count: a re-sent alert's capture time is that of the re-imaging.
                alerts.Add((header.CaptureTime, arrival.ReceivedAt));
                firstAlertAt = firstAlertAt == DateTimeOffset.MaxValue ? arrival.ReceivedAt : firstAlertAt;
                lastAlertAt = arrival.ReceivedAt;
            }
        }

        Interlocked.Increment(ref products);
        if (!first)
        {
            return;
        }

        output.AddProduct(product, arrival.ReceivedAt);
        if (product.Alert is AlertDetail alert)
        {
            Remember(string.Create(CultureInfo.InvariantCulture, $"ALERT scene {header.SceneId} tile {header.TileId}: class {alert.ClassIndex} over {alert.AreaFraction:P0}, {(arrival.ReceivedAt - header.CaptureTime).TotalMilliseconds:F0} ms after capture"));
        }
    }

    private void OnFlightEvent(FlightEventReceived e)
    {
        output.AddEvent(e.ReceivedAt, "flight", $"{e.Name}: {e.Text}");
        if (e.Id == FlightDictionary.Booted.Id)
        {
            lock (gate)
            {
                bootTimes.Add(e.ReceivedAt);
            }

            output.AddBoot(e.ReceivedAt);
            Interlocked.Increment(ref boots);
            Touch();
        }

        Remember($"{e.Name} {e.Text}");
    }

    private void OnHousekeeping(HousekeepingReceived sample)
    {
        foreach (ChannelDefinition channel in FlightDictionary.Channels)
        {
            if (sample[channel] is double value)
            {
                output.AddHousekeeping(sample.ReceivedAt, channel.Name, value);
            }
        }

        if (sample[FlightDictionary.DownlinkQueueChannel] is double queue && sample[FlightDictionary.ProductBacklogChannel] is double backlog)
        {
            lock (gate)
            {
                backlogSamples.Add((sample.ReceivedAt, queue, backlog));
            }
        }
    }

    private void OnLink(LinkSnapshot link)
    {
        output.AddHousekeeping(link.At, "GROUND_LINK_OCTETS_PER_SECOND", link.OctetsPerSecond);
        output.AddHousekeeping(link.At, "GROUND_CORRECTED_SYMBOLS", link.CorrectedSymbols);
        output.AddHousekeeping(link.At, "GROUND_UNCORRECTABLE_CODEWORDS", link.UncorrectableCodewords);
    }

    /// <summary>Something happened that may lead to products: the payload is not idle yet.</summary>
    private void Touch()
    {
        lock (gate)
        {
            lastActivityAt = time.GetUtcNow();
        }
    }

    private void Note(string text)
    {
        output.AddEvent(time.GetUtcNow(), "run", text);
        Remember(text);
    }

    private void Remember(string text)
    {
        const int Kept = 8;
        lock (gate)
        {
            recentEvents.Enqueue(text);
            while (recentEvents.Count > Kept)
            {
                recentEvents.Dequeue();
            }
        }
    }
}
