using System.Threading.Channels;
using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Files;
using Payload.Flight.Models;
using Payload.Flight.Services;
using Payload.Flight.Telemetry;
using Payload.Hal.Boards;
using Payload.Hal.Devices.Watchdog;
using Payload.Hal.Housekeeping;
using Payload.Inference.Manifests;
using Payload.Inference.Runtime;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Executive;

/// <summary>
/// The payload's executive: modes, rate groups, health and watchdog, protection, housekeeping, events and commanding,
/// all on one thread. The host feeds CLTUs to <see cref="ReceiveCltu"/> and calls <see cref="Poll"/>; time comes only from
/// the board's <see cref="TimeProvider"/>, so tests drive it with a simulated clock.
/// </summary>
internal sealed class FlightExecutive
{
    private readonly FlightConfiguration configuration;
    private readonly Board board;
    private readonly TimeProvider time;
    private readonly IPacketSink sink;
    private readonly BootStateStore stateStore;
    private readonly Channel<HalEvent> halEvents = Channel.CreateBounded<HalEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<HousekeepingRecord> records = Channel.CreateBounded<HousekeepingRecord>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly HousekeepingSampler sampler;
    private readonly ThermalGovernor? governor;
    private readonly LatchUpProtection? latchUp;
    private readonly WatchdogService? watchdog;
    private readonly BoardRail? rail;
    private readonly RateGroup housekeepingGroup;
    private readonly double[] channelValues = new double[FlightDictionary.Channels.Count];
    private readonly byte[] housekeepingBuffer = new byte[HousekeepingPacket.Length(FlightDictionary.Channels.Count)];
    // A single failed read is a glitch; this many failing health samples in a row (half a second at 10 Hz) is a hung bus.
    private const int SensorFailuresBeforeUnhealthy = 5;
    private int failingSamples;
    private long bootTimestamp;
    private double temperature = double.NaN;
    private double current = double.NaN;
    private double voltage = double.NaN;
    private double tileRateLimit;
    private readonly IReadOnlyCollection<ushort> keySpis;
    private readonly Func<double>[] channelSources;
    private long persistedFilePdus;
    private bool modelChanged;

    public FlightExecutive(FlightConfiguration configuration, Board board, IPacketSink sink, TcKeyStore keys, Action<FlightEvent>? log = null)
    {
        this.configuration = configuration;
        this.board = board;
        this.sink = sink;
        time = board.Time;
        tileRateLimit = configuration.Rates.MaxTilesPerSecond;
        Events = new EventReporter(sink, time, log);
        Modes = new ModeMachine(Events);
        Health = new HealthMonitor(Events);
        Faults = new FaultMonitor(time, configuration.Faults.MaxFaults, TimeSpan.FromSeconds(configuration.Faults.FaultWindowSeconds));
        stateStore = new BootStateStore(configuration.StateFile);
        Dispatcher = new CommandDispatcher(sink);
        Uplink = new CommandUplink(configuration.SpacecraftId, keys, new TcSecurityOptions(), Events, Dispatcher);
        if (configuration.Files.Staging.Length > 0)
        {
            Files = new FileDelivery(configuration.Files, sink, Events, time);
            Uplink.Files = Files;
        }
        Scheduler = new RateGroupScheduler(time);

        rail = board.Rails.Count > 0 ? board.Rails[0] : null;
        var observers = new List<IHousekeepingObserver>();
        if (rail?.TemperatureSensorDevice is string sensor)
        {
            governor = new ThermalGovernor(sensor, new ThermalGovernorOptions(configuration.Rates.TemperatureLimitCelsius, configuration.Rates.MaxTilesPerSecond), halEvents.Writer, time);
            observers.Add(governor);
        }
        if (rail?.Monitor is not null)
        {
            latchUp = new LatchUpProtection(rail, new LatchUpOptions(), halEvents.Writer, time);
            observers.Add(latchUp);
        }
        TimeSpan healthPeriod = TimeSpan.FromSeconds(1 / configuration.Rates.HealthHz);
        sampler = new HousekeepingSampler(board, records.Writer, healthPeriod, observers);
        if (board.Watchdog is not null)
        {
            // A health report must be renewed every few health periods; a stalled health group stops the kicks.
            watchdog = new WatchdogService(board.Watchdog, time, healthPeriod * 3);
        }
        Health.Register("sensors");
        Health.Register("executive");

        Scheduler.Add("health", configuration.Rates.HealthHz, RunHealthGroup);
        housekeepingGroup = Scheduler.Add("housekeeping", configuration.Rates.HousekeepingHz, SendHousekeeping);
        RegisterCommands();
        keySpis = keys.SecurityParameterIndices;
        channelSources = [.. FlightDictionary.Channels.Select(ChannelSource)];
    }

    public EventReporter Events { get; }

    public ModeMachine Modes { get; }

    public HealthMonitor Health { get; }

    public FaultMonitor Faults { get; }

    public RateGroupScheduler Scheduler { get; }

    public CommandDispatcher Dispatcher { get; }

    public CommandUplink Uplink { get; }

    public BootState BootState { get; private set; } = new();

    public WatchdogService? Watchdog => watchdog;

    public Clcw Clcw => Uplink.Clcw;

    /// <summary>Called by the host after each downlink step so housekeeping can report it.</summary>
    public Func<(long CadusSent, long QueuedOctets)> DownlinkStatistics { get; set; } = () => (0, 0);

    /// <summary>The scene pipeline (IMAGE_SCENES, RESEND_TILES), or null when this build has none (no imager or no model).</summary>
    public SceneService? Scenes { get; set; }

    /// <summary>The A/B model slots, or null when no slots directory is configured (the built-in default model only).</summary>
    public ModelSlots? Models { get; set; }

    /// <summary>The CFDP entity that stages files from the ground, or null when no staging folder is configured.</summary>
    public FileDelivery? Files { get; }

    /// <summary>
    /// Loads the active slot's model (or the built-in default when no slot is active) into the running scene pipeline
    /// and returns what now runs; called after an activation or roll-back. Null: no pipeline on this build.
    /// </summary>
    public Func<string>? ModelSwap { get; set; }

    /// <summary>Turns a slot event into a flight event; give it to <see cref="ModelSlots.Open"/>.</summary>
    public void OnSlotEvent(SlotEvent slotEvent)
    {
        Events.Emit(slotEvent.IsWarning ? FlightDictionary.ModelProblem : FlightDictionary.ModelStep, slotEvent.ToString());
        if (slotEvent.Kind is SlotEventKind.SlotActivated or SlotEventKind.RolledBack)
        {
            modelChanged = true;
        }
    }

    public long TilesProcessed => Scenes?.TilesProcessed ?? 0;

    public double LastTileRate => Scenes?.LastTileRate ?? 0;

    public int QueuedScenes => Scenes?.QueuedScenes ?? 0;

    public double AllowedTileRate => Math.Min(tileRateLimit, governor?.AllowedTilesPerSecond ?? tileRateLimit);

    /// <summary>BOOT: counts the boot, restores anti-replay state and enters SAFE (repeated resets) or IDLE.</summary>
    public void Start()
    {
        // The checkpoint restores packet sequence counts: before the first packet of this boot.
        Scenes?.Resume();
        bootTimestamp = time.GetTimestamp();
        string reason = board.Watchdog?.LastResetReason.ToString() ?? "PowerOn";
        TimeSpan window = TimeSpan.FromSeconds(configuration.Faults.ResetWindowSeconds);
        BootState = stateStore.RecordBoot(time.GetUtcNow(), reason, window);
        foreach ((ushort spi, uint highest) in BootState.HighestAccepted)
        {
            Uplink.Verifier.RestoreHighestAccepted(spi, highest);
        }
        Events.Emit(FlightDictionary.Booted, BootState.BootCount, reason, Modes.Mode);
        if (BootState.RecentBoots.Count >= configuration.Faults.MaxResets)
        {
            Events.Emit(FlightDictionary.BootSafe, BootState.RecentBoots.Count, configuration.Faults.ResetWindowSeconds);
            Modes.Request(FlightMode.Safe, "repeated resets");
        }
        else
        {
            Modes.Request(FlightMode.Idle, "boot complete");
        }
    }

    /// <summary>Runs the rate groups that are due and, in OPERATE, the tiles the allowed tile rate has earned.</summary>
    public void Poll()
    {
        Scheduler.RunDue();
        Files?.Poll();
        SwapModelIfChanged();
        if (Scenes is not null)
        {
            RunScenes(Scenes);
            SwapModelIfChanged();
        }
    }

    public bool ReceiveCltu(ReadOnlySpan<byte> cltu)
    {
        bool dispatched = Uplink.Receive(cltu);
        if (dispatched)
        {
            PersistReplayState();
            SwapModelIfChanged();
        }
        return dispatched;
    }

    /// <summary>An activation or roll-back takes effect in the pipeline here; a model that will not load counts as a failed use.</summary>
    private void SwapModelIfChanged()
    {
        if (!modelChanged)
        {
            return;
        }
        modelChanged = false;
        if (ModelSwap is null)
        {
            return;
        }
        try
        {
            Events.Emit(FlightDictionary.ModelInUse, ModelSwap());
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or OnnxRuntimeException or ModelManifestException)
        {
            Events.Emit(FlightDictionary.ModelProblem, $"the activated model does not load into the pipeline: {e.Message}");
            Models?.RecordInference(false, e.Message);
            SwapModelIfChanged();
        }
    }

    private void RunHealthGroup()
    {
        int failures = sampler.SampleOnce();
        while (records.Reader.TryRead(out HousekeepingRecord record))
        {
            Absorb(record);
        }
        failingSamples = failures == 0 ? 0 : failingSamples + 1;
        Health.Report("sensors", failingSamples < SensorFailuresBeforeUnhealthy, $"{failures} of {sampler.PointCount} housekeeping points failed {failingSamples} samples in a row");
        while (halEvents.Reader.TryRead(out HalEvent? halEvent))
        {
            OnHalEvent(halEvent);
        }
        Health.Report("executive", true);
        if (Uplink.FilePdus != persistedFilePdus)
        {
            // File PDUs move the anti-replay mark too; saved at most once per health period, not per PDU.
            persistedFilePdus = Uplink.FilePdus;
            PersistReplayState();
        }
        if (watchdog is not null)
        {
            if (Health.AllHealthy)
            {
                watchdog.ReportHealthy();
            }
            else
            {
                watchdog.ReportUnhealthy(Health.FirstProblem ?? "unhealthy");
            }
            watchdog.Service();
        }
    }

    private void Absorb(in HousekeepingRecord record)
    {
        if (rail is null || record.Status != HousekeepingStatus.Ok)
        {
            return;
        }
        if (record.Device == rail.TemperatureSensorDevice && record.Quantity == HousekeepingQuantity.Temperature)
        {
            temperature = record.Value;
        }
        else if (record.Device == rail.MonitorDevice && record.Quantity == HousekeepingQuantity.Current)
        {
            current = record.Value;
        }
        else if (record.Device == rail.MonitorDevice && record.Quantity == HousekeepingQuantity.BusVoltage)
        {
            voltage = record.Value;
        }
    }

    private void OnHalEvent(HalEvent halEvent)
    {
        if (halEvent.Source == rail?.TemperatureSensorDevice && halEvent.Severity == HalEventSeverity.Critical)
        {
            Events.Emit(FlightDictionary.OverTemperature, halEvent.Message);
            Modes.EnterSafe("over-temperature");
        }
        else if (halEvent.Source == rail?.Name && halEvent.Severity != HalEventSeverity.Info)
        {
            Events.Emit(FlightDictionary.LatchUp, halEvent.Message);
            Modes.EnterSafe("latch-up");
        }
        else
        {
            Events.Emit(FlightDictionary.HardwareEvent, halEvent.Source, halEvent.Message);
            if (halEvent.Severity != HalEventSeverity.Info)
            {
                RecordFault(halEvent.Source, halEvent.Message);
            }
        }
    }

    /// <summary>Counts a fault; reaching the configured number within the window sends the payload to SAFE.</summary>
    public void RecordFault(string source, string message)
    {
        bool limit = Faults.Record();
        Events.Emit(FlightDictionary.Fault, Faults.Count, Faults.Limit, source, message);
        if (limit)
        {
            Modes.EnterSafe($"{Faults.Count} faults within {configuration.Faults.FaultWindowSeconds} s");
        }
    }

    private void RunScenes(SceneService scenes)
    {
        try
        {
            int finished = scenes.Poll(Modes.Mode == FlightMode.Operate ? AllowedTileRate : 0);
            if (finished > 0)
            {
                Models?.RecordInference(true);
            }
        }
        catch (SceneFailedException e)
        {
            string reason = e.InnerException?.Message ?? e.Message;
            Events.Emit(FlightDictionary.SceneFailed, e.Seed, reason);
            Models?.RecordInference(false, reason);
            RecordFault("pipeline", reason);
            Modes.EnterSafe("model failed");
        }
    }

    private void SendHousekeeping()
    {
        for (int i = 0; i < channelSources.Length; i++)
        {
            channelValues[i] = channelSources[i]();
        }
        HousekeepingPacket.Write(FlightDictionary.Channels, channelValues, housekeepingBuffer);
        sink.Send(FlightDictionary.HousekeepingApid, housekeepingBuffer);
    }

    private Func<double> ChannelSource(ChannelDefinition channel) => channel.Name switch
    {
        "MODE" => () => (double)Modes.Mode,
        "BOOT_COUNT" => () => BootState.BootCount,
        "UPTIME" => () => time.GetElapsedTime(bootTimestamp).TotalSeconds,
        "ACCEL_TEMPERATURE" => () => temperature,
        "ACCEL_CURRENT" => () => current,
        "ACCEL_VOLTAGE" => () => voltage,
        "ALLOWED_TILE_RATE" => () => AllowedTileRate,
        "TILES_PROCESSED" => () => TilesProcessed,
        "TILE_RATE" => () => LastTileRate,
        "SCENE_QUEUE_DEPTH" => () => QueuedScenes,
        "LATCHUP_POWER_CYCLES" => () => latchUp?.PowerCycles ?? 0,
        "FAULT_COUNT" => () => Faults.Count,
        "WATCHDOG_KICKS" => () => watchdog?.Kicks ?? 0,
        "WATCHDOG_WITHHELD" => () => watchdog?.WithheldKicks ?? 0,
        "CLTUS_RECEIVED" => () => Uplink.Received,
        "CLTUS_REJECTED" => () => Uplink.Rejected,
        "COMMANDS_COMPLETED" => () => Dispatcher.Completed,
        "COMMANDS_FAILED" => () => Dispatcher.Failed,
        "CADUS_SENT" => () => DownlinkStatistics().CadusSent,
        "DOWNLINK_QUEUE" => () => DownlinkStatistics().QueuedOctets,
        "ACTIVE_MODEL" => () => Models?.Store.Active switch { SlotName.A => 1, SlotName.B => 2, _ => 0 },
        "FARM_VR" => () => Uplink.Clcw.ReportValue,
        "ALERTS_RAISED" => () => Scenes?.AlertsRaised ?? 0,
        "REPLICA_DISAGREEMENTS" => () => Scenes?.Protection.Disagreements ?? 0,
        "UNRESOLVED_VOTES" => () => Scenes?.Protection.UnresolvedVotes ?? 0,
        "WEIGHT_REPAIRS" => () => Scenes?.Protection.Repairs ?? 0,
        "SCRUBBED_BLOCKS" => () => Scenes?.Protection.ScrubbedBlocks ?? 0,
        "RERUN_TILES" => () => Scenes?.Protection.RerunTiles ?? 0,
        "SUSPECT_TILES" => () => Scenes?.Protection.SuspectTiles ?? 0,
        "TILES_RESENT" => () => Scenes?.TilesResent ?? 0,
        "PRODUCT_BACKLOG" => () => sink.PendingOctets(FlightDictionary.ProductApid),
        "CHECKPOINTS_WRITTEN" => () => Scenes?.CheckpointsWritten ?? 0,
        "SCENE_NEXT_TILE" => () => Scenes?.NextTile ?? 0,
        _ => throw new InvalidOperationException($"housekeeping channel {channel.Name} has no source on board"),
    };

    private void PersistReplayState()
    {
        var highest = new Dictionary<ushort, uint>(BootState.HighestAccepted);
        bool changed = false;
        foreach (ushort spi in keySpis)
        {
            if (Uplink.Verifier.TryGetHighestAccepted(spi, out uint n) && (!highest.TryGetValue(spi, out uint old) || old != n))
            {
                highest[spi] = n;
                changed = true;
            }
        }
        if (changed)
        {
            BootState = BootState with { HighestAccepted = highest };
            stateStore.Save(BootState);
        }
    }

    private string? SceneCommand(CommandDefinition command, Func<SceneService, string?> queue)
    {
        if (Modes.Mode != FlightMode.Operate)
        {
            return $"{command.Name} needs OPERATE, mode is {Modes.Mode}";
        }

        return Scenes is null ? "no tile pipeline on this build" : queue(Scenes);
    }

    private string? SlotCommand(Func<ModelSlots, SlotCommandResult> command)
    {
        if (Models is null)
        {
            return "no model slots configured: the built-in default model is in use";
        }
        SlotCommandResult result = command(Models);
        return result.Succeeded ? null : result.Message;
    }

    /// <summary>MODEL_INSTALL: the package a CFDP transaction staged goes through the whole chain; the staged copy is then discarded.</summary>
    private SlotCommandResult Install(ModelSlots models, uint transaction)
    {
        if (Files is null)
        {
            return SlotCommandResult.Refused("no file delivery on board: no staging folder configured");
        }
        if (Files.StagedFile(transaction, out string known) is not string path)
        {
            return SlotCommandResult.Refused($"no file staged by CFDP transaction {transaction}; {known}");
        }
        SlotCommandResult result = models.Install(path);
        Files.Discard(transaction);
        return result;
    }

    private void RegisterCommands()
    {
        Dispatcher.Handle(FlightDictionary.Noop, _ => null);
        Dispatcher.Handle(FlightDictionary.SetMode, c => Modes.Request((FlightMode)(int)c.Arguments[0], "commanded"));
        Dispatcher.Handle(FlightDictionary.ClearFaults, _ =>
        {
            Faults.Clear();
            return null;
        });
        Dispatcher.Handle(FlightDictionary.SetHousekeepingRate, c =>
        {
            double hz = c.Arguments[0];
            if (hz <= 0 || hz > configuration.Rates.HealthHz)
            {
                return $"housekeeping rate {hz} Hz is outside (0, {configuration.Rates.HealthHz}] Hz";
            }
            Scheduler.SetRate(housekeepingGroup, hz);
            return null;
        });
        Dispatcher.Handle(FlightDictionary.SetTileRateLimit, c =>
        {
            double limit = c.Arguments[0];
            if (limit <= 0)
            {
                return $"tile rate limit {limit} must be positive";
            }
            tileRateLimit = limit;
            return null;
        });
        Dispatcher.Handle(FlightDictionary.ImageScenes, c => SceneCommand(FlightDictionary.ImageScenes, s => s.ImageScenes((int)c.Arguments[0], (uint)c.Arguments[1])));
        Dispatcher.Handle(FlightDictionary.ResendTiles, c => SceneCommand(FlightDictionary.ResendTiles, s => s.ResendTiles((uint)c.Arguments[0], (ushort)c.Arguments[1], (ushort)c.Arguments[2])));
        Dispatcher.Handle(FlightDictionary.ModelList, _ =>
        {
            if (Models is null)
            {
                return "no model slots configured: the built-in default model is in use";
            }
            Events.Emit(FlightDictionary.ModelSlotsReport, string.Join("; ", Models.Store.List().Select(s => s.ToString())));
            return null;
        });
        Dispatcher.Handle(FlightDictionary.ModelActivate, c => SlotCommand(m => m.Store.Activate((SlotName)(int)c.Arguments[0])));
        Dispatcher.Handle(FlightDictionary.ModelRollBack, _ => SlotCommand(m => m.Store.RollBack()));
        Dispatcher.Handle(FlightDictionary.ModelDelete, c => SlotCommand(m => m.Store.Delete((SlotName)(int)c.Arguments[0])));
        Dispatcher.Handle(FlightDictionary.ModelInstall, c => SlotCommand(m => Install(m, (uint)c.Arguments[0])));
        Dispatcher.Handle(FlightDictionary.ClearResetHistory, _ =>
        {
            BootState = BootState with { RecentBoots = [] };
            stateStore.Save(BootState);
            return null;
        });
    }
}
