using Payload.Flight.Executive;

namespace Payload.Flight.Dictionary;

/// <summary>
/// The one declaration of every command, housekeeping channel, event and APID. The executive, the housekeeping
/// packet layout, the ground's encoder (through the exported JSON) and the tests all read it from here.
/// </summary>
public static class FlightDictionary
{
    // ---- APIDs (11-bit, CCSDS 133.0-B-2 §4.1.3.3.4) and their virtual channels ----
    public static readonly ApidDefinition EventApid = new(0x010, "EVENTS", 0, "event packets: id u16, severity u8, text length u16, UTF-8 text");
    public static readonly ApidDefinition AcknowledgementApid = new(0x011, "COMMAND_ACKS", 0, "command acknowledgements: opcode u16, tag u16, stage u8, text length u16, UTF-8 reason");
    public static readonly ApidDefinition HousekeepingApid = new(0x020, "HOUSEKEEPING", 1, "housekeeping: channel count u16, then per channel id u16 and value f64, in dictionary order");
    public static readonly ApidDefinition ProductApid = new(0x040, "PRODUCTS", 2, "tile products, segmented");

    // ---- Model lifecycle over the uplink (branch lifecycle) ----
    public static readonly ApidDefinition CfdpApid = new(0x030, "CFDP", 0, "CFDP PDUs from the payload's file-delivery entity (ACK, NAK, Finished), CCSDS 727.0-B-5");

    // ---- Commands ----
    public static readonly CommandDefinition Noop = new(0x0001, "NOOP", "Does nothing but acknowledge: checks the uplink end to end.", []);

    public static readonly CommandDefinition SetMode = new(0x0002, "SET_MODE", "Requests a mode transition.",
        [new CommandArgument("mode", ArgumentType.Enum, "target mode", Enum.GetNames<FlightMode>().Select(n => n.ToUpperInvariant()).ToArray())]);

    public static readonly CommandDefinition ClearFaults = new(0x0003, "CLEAR_FAULTS", "Forgets counted faults so SAFE can be left.", []);

    public static readonly CommandDefinition SetHousekeepingRate = new(0x0004, "SET_HOUSEKEEPING_RATE", "Housekeeping packets per second (up to the health rate).",
        [new CommandArgument("hz", ArgumentType.F32, "packets per second")]);

    public static readonly CommandDefinition SetTileRateLimit = new(0x0005, "SET_TILE_RATE_LIMIT", "Ceiling on tiles per second, under the thermal governor's.",
        [new CommandArgument("tilesPerSecond", ArgumentType.F32, "tiles per second")]);

    public static readonly CommandDefinition ImageScenes = new(0x0006, "IMAGE_SCENES", "Images scenes and runs them through the tile pipeline (OPERATE only).",
        [new CommandArgument("count", ArgumentType.U16, "scenes"), new CommandArgument("seed", ArgumentType.U32, "first scene seed")]);

    public static readonly CommandDefinition ClearResetHistory = new(0x0007, "CLEAR_RESET_HISTORY", "Forgets recent resets so the next boot is not forced into SAFE.", []);

    public static readonly CommandDefinition ModelList = new(0x0010, "MODEL_LIST", "Reports both model slots in a MODEL_SLOTS event.", []);

    public static readonly CommandDefinition ModelActivate = new(0x0011, "MODEL_ACTIVATE", "Activates an installed slot; probation follows.",
        [new CommandArgument("slot", ArgumentType.Enum, "model slot", ["A", "B"])]);

    public static readonly CommandDefinition ModelRollBack = new(0x0012, "MODEL_ROLLBACK", "Restores the previously active slot.", []);

    public static readonly CommandDefinition ModelDelete = new(0x0013, "MODEL_DELETE", "Empties a slot that is neither active nor a probation's fallback.",
        [new CommandArgument("slot", ArgumentType.Enum, "model slot", ["A", "B"])]);

    public static readonly CommandDefinition ModelInstall = new(0x0014, "MODEL_INSTALL",
        "Installs the package staged by a CFDP transaction: verify, load, tensors, golden vectors, write the inactive slot, activate on probation.",
        [new CommandArgument("transaction", ArgumentType.U32, "sequence number of the CFDP transaction that staged the package")]);

    // ---- Housekeeping channels ----
    public static readonly ChannelDefinition ModeChannel = new(1, "MODE", "", 0, 3, "0 BOOT, 1 SAFE, 2 IDLE, 3 OPERATE");
    public static readonly ChannelDefinition BootCountChannel = new(2, "BOOT_COUNT", "", 0, double.MaxValue, "boots since the state file was created");
    public static readonly ChannelDefinition UptimeChannel = new(3, "UPTIME", "s", 0, double.MaxValue, "time since boot");
    public static readonly ChannelDefinition TemperatureChannel = new(4, "ACCEL_TEMPERATURE", "degC", -20, 85, "accelerator temperature");
    public static readonly ChannelDefinition CurrentChannel = new(5, "ACCEL_CURRENT", "A", 0, 2, "accelerator rail current");
    public static readonly ChannelDefinition VoltageChannel = new(6, "ACCEL_VOLTAGE", "V", 4.5, 5.5, "accelerator rail bus voltage");
    public static readonly ChannelDefinition AllowedTileRateChannel = new(7, "ALLOWED_TILE_RATE", "tiles/s", 0, double.MaxValue, "thermal governor's allowed rate, under the commanded limit");
    public static readonly ChannelDefinition TilesProcessedChannel = new(8, "TILES_PROCESSED", "", 0, double.MaxValue, "tiles through the pipeline since boot");
    public static readonly ChannelDefinition TileRateChannel = new(9, "TILE_RATE", "tiles/s", 0, double.MaxValue, "rate of the last scene");
    public static readonly ChannelDefinition SceneQueueChannel = new(10, "SCENE_QUEUE_DEPTH", "", 0, 64, "scenes waiting for the pipeline");
    public static readonly ChannelDefinition LatchUpCyclesChannel = new(11, "LATCHUP_POWER_CYCLES", "", 0, 3, "rail power cycles by latch-up protection");
    public static readonly ChannelDefinition FaultCountChannel = new(12, "FAULT_COUNT", "", 0, 2, "faults in the current window");
    public static readonly ChannelDefinition WatchdogKicksChannel = new(13, "WATCHDOG_KICKS", "", 0, double.MaxValue, "watchdog kicks");
    public static readonly ChannelDefinition WatchdogWithheldChannel = new(14, "WATCHDOG_WITHHELD", "", 0, 0, "kicks withheld because a component was unhealthy");
    public static readonly ChannelDefinition CltusReceivedChannel = new(15, "CLTUS_RECEIVED", "", 0, double.MaxValue, "CLTUs received");
    public static readonly ChannelDefinition CltusRejectedChannel = new(16, "CLTUS_REJECTED", "", 0, double.MaxValue, "CLTUs rejected by BCH, frame, authentication or FARM-1");
    public static readonly ChannelDefinition CommandsExecutedChannel = new(17, "COMMANDS_COMPLETED", "", 0, double.MaxValue, "commands completed");
    public static readonly ChannelDefinition CommandsFailedChannel = new(18, "COMMANDS_FAILED", "", 0, double.MaxValue, "commands rejected or failed");
    public static readonly ChannelDefinition CadusSentChannel = new(19, "CADUS_SENT", "", 0, double.MaxValue, "CADUs sent");
    public static readonly ChannelDefinition DownlinkQueueChannel = new(20, "DOWNLINK_QUEUE", "octets", 0, 1_000_000, "octets waiting on all virtual channels");
    public static readonly ChannelDefinition ActiveModelChannel = new(21, "ACTIVE_MODEL", "", 0, 2, "0 built-in default, 1 slot A, 2 slot B");
    public static readonly ChannelDefinition FarmVrChannel = new(22, "FARM_VR", "", 0, 255, "FARM-1 V(R) on VC 0");

    // ---- Events ----
    public static readonly EventDefinition Booted = new(1, "BOOTED", EventSeverity.Info, "boot {0}, reset reason {1}, mode {2}");
    public static readonly EventDefinition BootSafe = new(2, "BOOT_INTO_SAFE", EventSeverity.Warning, "{0} resets within {1} s: booting into SAFE");
    public static readonly EventDefinition ModeChanged = new(3, "MODE_CHANGED", EventSeverity.Info, "mode {0} -> {1}: {2}");
    public static readonly EventDefinition ModeRefused = new(4, "MODE_REFUSED", EventSeverity.Warning, "mode {0} -> {1} refused: {2}");
    public static readonly EventDefinition Fault = new(5, "FAULT", EventSeverity.Warning, "fault {0} of {1} from {2}: {3}");
    public static readonly EventDefinition OverTemperature = new(6, "OVER_TEMPERATURE", EventSeverity.Error, "{0}");
    public static readonly EventDefinition LatchUp = new(7, "LATCH_UP", EventSeverity.Error, "{0}");
    public static readonly EventDefinition HardwareEvent = new(8, "HARDWARE", EventSeverity.Info, "{0}: {1}");
    public static readonly EventDefinition ComponentUnhealthy = new(9, "COMPONENT_UNHEALTHY", EventSeverity.Warning, "{0} unhealthy: {1}; watchdog kicks withheld");
    public static readonly EventDefinition CltuRejected = new(20, "UPLINK_CLTU_REJECTED", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition BchUncorrectable = new(21, "UPLINK_BCH_UNCORRECTABLE", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition FrameTruncated = new(22, "UPLINK_FRAME_TRUNCATED", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition FrameInvalid = new(23, "UPLINK_FRAME_INVALID", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition Unauthenticated = new(24, "UPLINK_UNAUTHENTICATED", EventSeverity.Error, "{0}");
    public static readonly EventDefinition UnknownSpi = new(25, "UPLINK_UNKNOWN_SPI", EventSeverity.Error, "{0}");
    public static readonly EventDefinition AuthTruncated = new(26, "UPLINK_AUTH_TRUNCATED", EventSeverity.Error, "{0}");
    public static readonly EventDefinition BadMac = new(27, "UPLINK_BAD_MAC", EventSeverity.Error, "{0}");
    public static readonly EventDefinition Replayed = new(28, "UPLINK_REPLAYED", EventSeverity.Error, "{0}");
    public static readonly EventDefinition FarmRejected = new(29, "UPLINK_FARM_REJECTED", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition ModelSlotsReport = new(30, "MODEL_SLOTS", EventSeverity.Info, "{0}");
    public static readonly EventDefinition ModelStep = new(31, "MODEL_STEP", EventSeverity.Info, "{0}");
    public static readonly EventDefinition ModelProblem = new(32, "MODEL_PROBLEM", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition SceneProcessed = new(40, "SCENE_PROCESSED", EventSeverity.Info, "scene seed {0}: {1} tiles at {2} tiles/s");
    public static readonly EventDefinition SceneFailed = new(41, "SCENE_FAILED", EventSeverity.Error, "scene seed {0}: {1}");

    // ---- File delivery and model hot swap (branch lifecycle) ----
    public static readonly EventDefinition FileMetadata = new(60, "FILE_METADATA", EventSeverity.Info, "{0}");
    public static readonly EventDefinition FileEof = new(61, "FILE_EOF", EventSeverity.Info, "{0}");
    public static readonly EventDefinition FileNak = new(62, "FILE_NAK", EventSeverity.Info, "{0}");
    public static readonly EventDefinition FileReceived = new(63, "FILE_RECEIVED", EventSeverity.Info, "{0}");
    public static readonly EventDefinition FileFault = new(64, "FILE_FAULT", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition FilePduRejected = new(65, "FILE_PDU_REJECTED", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition FileSuspended = new(66, "FILE_SUSPENDED", EventSeverity.Warning, "{0}");
    public static readonly EventDefinition FileResumed = new(67, "FILE_RESUMED", EventSeverity.Info, "{0}");
    public static readonly EventDefinition ModelInUse = new(68, "MODEL_IN_USE", EventSeverity.Info, "scene pipeline now runs {0}");

    // ---- Scenes (branch scenes): alert products, tile resends, checkpoint and resume ----
    public static readonly ApidDefinition AlertApid = new(0x041, "ALERTS", 0, "alert products (tile, class, area, confidence, capture time, thumbnail), segmented; on VC 0 ahead of bulk products");

    public static readonly CommandDefinition ResendTiles = new(0x0008, "RESEND_TILES", "Re-images a scene from its seed and re-sends its tiles' products (OPERATE only); count 0 re-sends its quicklook and summary.",
        [new CommandArgument("sceneSeed", ArgumentType.U32, "scene seed (the products' scene id)"), new CommandArgument("firstTile", ArgumentType.U16, "first tile"), new CommandArgument("count", ArgumentType.U16, "tiles; 0 for the scene's quicklook and summary")]);

    public static readonly ChannelDefinition AlertsRaisedChannel = new(40, "ALERTS_RAISED", "", 0, double.MaxValue, "alert products sent since boot");
    public static readonly ChannelDefinition TilesResentChannel = new(41, "TILES_RESENT", "", 0, double.MaxValue, "tiles re-sent by RESEND_TILES since boot");
    public static readonly ChannelDefinition ProductBacklogChannel = new(42, "PRODUCT_BACKLOG", "octets", 0, 1_000_000, "octets waiting on the product virtual channel; tiles wait above the bound");
    public static readonly ChannelDefinition CheckpointsWrittenChannel = new(43, "CHECKPOINTS_WRITTEN", "", 0, double.MaxValue, "pipeline checkpoints written since boot");
    public static readonly ChannelDefinition SceneNextTileChannel = new(44, "SCENE_NEXT_TILE", "", 0, double.MaxValue, "next tile of the scene in progress (0 between scenes)");

    public static readonly EventDefinition SceneStarted = new(42, "SCENE_STARTED", EventSeverity.Info, "scene seed {0}: {1} tiles from tile {2}, {3} x {4}");
    public static readonly EventDefinition TilesResent = new(43, "TILES_RESENT", EventSeverity.Info, "scene seed {0}: {1} tile(s) from tile {2} re-sent");
    public static readonly EventDefinition SceneResumed = new(44, "SCENE_RESUMED", EventSeverity.Info, "checkpoint {0}: resuming scene seed {1} at tile {2}, {3} job(s) queued");
    public static readonly EventDefinition CheckpointRejected = new(45, "CHECKPOINT_REJECTED", EventSeverity.Warning, "checkpoint slot {0} ({1}) not used: {2}");
    public static readonly EventDefinition CheckpointFailed = new(46, "CHECKPOINT_FAILED", EventSeverity.Warning, "checkpoint not written: {0}");
    public static readonly EventDefinition CheckpointModelChanged = new(47, "CHECKPOINT_MODEL_CHANGED", EventSeverity.Warning, "checkpoint made with model {0}, loaded model is {1}: queued scenes start over");

    public static IReadOnlyList<ApidDefinition> SceneApids { get; } = [AlertApid];

    public static IReadOnlyList<CommandDefinition> SceneCommands { get; } = [ResendTiles];

    public static IReadOnlyList<ChannelDefinition> SceneChannels { get; } = [AlertsRaisedChannel, TilesResentChannel, ProductBacklogChannel, CheckpointsWrittenChannel, SceneNextTileChannel];

    public static IReadOnlyList<EventDefinition> SceneEvents { get; } = [SceneStarted, TilesResent, SceneResumed, CheckpointRejected, CheckpointFailed, CheckpointModelChanged];

    // ---- Radiation protection of the scene pipeline (issue 5) ----
    public static readonly ChannelDefinition ReplicaDisagreementsChannel = new(50, "REPLICA_DISAGREEMENTS", "", 0, double.MaxValue, "runs in which a replica was outvoted (dmr, tmr), all replicas summed");
    public static readonly ChannelDefinition UnresolvedVotesChannel = new(51, "UNRESOLVED_VOTES", "", 0, 0, "runs whose vote found no majority: their tiles are flagged suspect");
    public static readonly ChannelDefinition WeightRepairsChannel = new(52, "WEIGHT_REPAIRS", "", 0, double.MaxValue, "weight blocks rewritten from a golden copy by the scrubber");
    public static readonly ChannelDefinition ScrubbedBlocksChannel = new(53, "SCRUBBED_BLOCKS", "", 0, double.MaxValue, "weight blocks checked by the scrubber");
    public static readonly ChannelDefinition RerunTilesChannel = new(54, "RERUN_TILES", "", 0, double.MaxValue, "tiles run again on repaired weights");
    public static readonly ChannelDefinition SuspectTilesChannel = new(55, "SUSPECT_TILES", "", 0, 0, "tiles sent flagged suspect (unresolved vote or unrepairable weights)");

    public static readonly EventDefinition WeightsRepaired = new(50, "WEIGHTS_REPAIRED", EventSeverity.Warning, "{0} block {1} (octets {2}+{3}) {4}; results {5}..{6} suspect");

    public static IReadOnlyList<ChannelDefinition> ProtectionChannels { get; } = [ReplicaDisagreementsChannel, UnresolvedVotesChannel, WeightRepairsChannel, ScrubbedBlocksChannel, RerunTilesChannel, SuspectTilesChannel];

    public static IReadOnlyList<EventDefinition> ProtectionEvents { get; } = [WeightsRepaired];

    public static IReadOnlyList<ApidDefinition> Apids { get; } = [EventApid, AcknowledgementApid, HousekeepingApid, ProductApid,
        CfdpApid,
        .. SceneApids];

    public static IReadOnlyList<CommandDefinition> Commands { get; } = [Noop, SetMode, ClearFaults, SetHousekeepingRate, SetTileRateLimit, ImageScenes, ClearResetHistory, ModelList, ModelActivate, ModelRollBack, ModelDelete,
        ModelInstall,
        .. SceneCommands];

    public static IReadOnlyList<ChannelDefinition> Channels { get; } =
    [
        ModeChannel, BootCountChannel, UptimeChannel, TemperatureChannel, CurrentChannel, VoltageChannel, AllowedTileRateChannel,
        TilesProcessedChannel, TileRateChannel, SceneQueueChannel, LatchUpCyclesChannel, FaultCountChannel, WatchdogKicksChannel,
        WatchdogWithheldChannel, CltusReceivedChannel, CltusRejectedChannel, CommandsExecutedChannel, CommandsFailedChannel,
        CadusSentChannel, DownlinkQueueChannel, ActiveModelChannel, FarmVrChannel,
        .. SceneChannels,
        .. ProtectionChannels,
    ];

    public static IReadOnlyList<EventDefinition> Events { get; } =
    [
        Booted, BootSafe, ModeChanged, ModeRefused, Fault, OverTemperature, LatchUp, HardwareEvent, ComponentUnhealthy,
        CltuRejected, BchUncorrectable, FrameTruncated, FrameInvalid, Unauthenticated, UnknownSpi, AuthTruncated, BadMac, Replayed,
        FarmRejected, ModelSlotsReport, ModelStep, ModelProblem, SceneProcessed, SceneFailed,
        FileMetadata, FileEof, FileNak, FileReceived, FileFault, FilePduRejected, FileSuspended, FileResumed, ModelInUse,
        .. SceneEvents,
        .. ProtectionEvents,
    ];

    /// <summary>The whole dictionary as the document the ground reads.</summary>
    public static DictionaryDocument Document => new(1, Apids, Commands, Channels, Events);
}
