using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Dashboard;
using Payload.GroundTest.Output;
using Payload.GroundTest.Station;
using Payload.Inference.DefaultModel;
using Payload.Inference.Manifests;
using Payload.Telemetry.Security;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test run</c>: the main job. Starts <c>Payload.Flight</c> as a child process on the sim board with the
/// default model (or connects to a rig with <c>--rig</c>), commands OPERATE and IMAGE_SCENES through the COP-1 uplink,
/// shows the downlink live, optionally kills the flight (<c>--chaos</c>) and damages the link, recovers what is missing
/// with RESEND_TILES, prints the summary and writes everything under <c>OUT/RUN/</c> with report.html. Exits non-zero
/// when a tile was lost or duplicated.
/// </summary>
internal static class RunCommand
{
    /// <summary>Where the build copies the committed default model, beside the executable.</summary>
    internal static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "models", "default");

    /// <summary>Scene edge of the main job: nine tiles of the default model per scene.</summary>
    private const int DefaultSceneSize = 512;

    /// <summary>Housekeeping channels shown as protection counters when the flight sends them.</summary>
    private static readonly string[] ProtectionChannels =
        ["LATCHUP_POWER_CYCLES", "FAULT_COUNT", "WATCHDOG_WITHHELD", "CHECKPOINTS_WRITTEN", "TILES_RESENT", "CLTUS_REJECTED", "BOOT_COUNT"];

    public static Command Create()
    {
        Option<int> scenes = new("--scenes") { Description = "Scenes to image and process.", DefaultValueFactory = _ => ImagingRunOptions.DefaultScenes };
        Option<uint> seed = new("--seed") { Description = "Seed of the first scene; scene i uses seed + i (the products' scene id).", DefaultValueFactory = _ => 1 };
        Option<int> size = new("--size") { Description = "Scene width and height in pixels of the spawned sim board's imager.", DefaultValueFactory = _ => DefaultSceneSize };
        Option<double> tileRate = new("--tile-rate") { Description = "Tile rate ceiling of the spawned flight (tiles/s).", DefaultValueFactory = _ => 20 };
        Option<DirectoryInfo> output = new("--out") { Description = "Folder that receives the run folder.", DefaultValueFactory = _ => new DirectoryInfo("ground-out") };
        Option<string?> runName = new("--run") { Description = "Name of the run folder (default: run-yyyyMMdd-HHmmss, UTC)." };
        Option<string?> rig = new("--rig")
        {
            Description = "Connect to a flight build on a rig instead of spawning one: its TCP downlink as HOST:PORT (or tcp://HOST:PORT, udp://HOST:PORT listened on), "
                + "or one serial device carrying CLTUs up and CADUs down: serial:DEVICE[?baud=N&parity=none|even|odd&stopBits=1|2] or a /dev/ path alone (115200 baud, 8N1).",
        };
        Option<string?> uplink = new("--uplink") { Description = $"The rig's uplink: {GroundLinkAddress.Forms} (default: udp://RIGHOST:52000, or the --rig serial device itself)." };
        Option<FileInfo?> keyFile = new("--key-file") { Description = "The rig's uplink key file (one 'SPI HEXKEY' per line, owner-only); a spawned flight gets a fresh key." };
        Option<ushort> spi = new("--spi") { Description = "Security parameter index of the uplink key.", DefaultValueFactory = _ => (ushort)1 };
        Option<ushort> spacecraftId = new("--scid") { Description = "Spacecraft id of TM and TC frames.", DefaultValueFactory = _ => (ushort)427 };
        Option<int> chaos = new("--chaos") { Description = "SIGKILL the spawned flight at N random (seeded) moments and restart it.", DefaultValueFactory = _ => 0 };
        Option<int> chaosSeed = new("--chaos-seed") { Description = "Seed of the kill moments and of the link damage.", DefaultValueFactory = _ => 1 };
        Option<double> corruption = new("--cadu-corruption") { Description = "Fraction of CADUs corrupted on the way to the ground (e.g. 0.01).", DefaultValueFactory = _ => 0 };
        Option<double> drop = new("--cadu-drop") { Description = "Fraction of CADUs dropped on the way to the ground.", DefaultValueFactory = _ => 0 };
        Option<double> timeout = new("--timeout") { Description = "Seconds after which the run gives up.", DefaultValueFactory = _ => 600 };

        Command command = new("run", "Run the payload: spawn Payload.Flight on the sim board with the default model (or use --rig), command OPERATE and IMAGE_SCENES over the COP-1 uplink, show the downlink live, check every tile arrived exactly once and write ground-out/RUN/ with report.html.")
        {
            scenes, seed, size, tileRate, output, runName, rig, uplink, keyFile, spi, spacecraftId, chaos, chaosSeed, corruption, drop, timeout,
        };
        RunDashboardOptions dashboard = RunDashboardOptions.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            int? dashboardPort = dashboard.PortOf(parse, out string? portProblem);
            var request = new Request(parse.GetValue(scenes), parse.GetValue(seed), parse.GetValue(size), parse.GetValue(tileRate), parse.GetValue(output)!.FullName,
                parse.GetValue(runName), parse.GetValue(rig), parse.GetValue(uplink), parse.GetValue(keyFile)?.FullName, parse.GetValue(spi), parse.GetValue(spacecraftId),
                parse.GetValue(chaos), parse.GetValue(chaosSeed), parse.GetValue(corruption), parse.GetValue(drop), parse.GetValue(timeout));
            if ((portProblem ?? request.Problem()) is { } problem)
            {
                stderr.WriteLine($"error: {problem}");
                return Task.FromResult(2);
            }

            return RunAsync(request, dashboardPort, parse.InvocationConfiguration.Output, stderr, cancellationToken);
        });
        return command;
    }

    private sealed record Request(int Scenes, uint Seed, int Size, double TileRate, string Out, string? RunName, string? Rig, string? Uplink, string? KeyFile,
        ushort Spi, ushort SpacecraftId, int Chaos, int ChaosSeed, double Corruption, double Drop, double Timeout)
    {
        public string? Problem() =>
            Scenes is < 1 or > ushort.MaxValue ? $"--scenes {Scenes} must be within 1..{ushort.MaxValue}"
            : Size is < 1 or > ushort.MaxValue ? $"--size {Size} must be within 1..{ushort.MaxValue}"
            : TileRate <= 0 || double.IsNaN(TileRate) ? $"--tile-rate {TileRate} must be above 0"
            : Chaos < 0 ? $"--chaos {Chaos} must not be negative"
            : Chaos > 0 && Rig is not null ? $"--chaos {Chaos} kills a spawned flight and cannot be used with --rig {Rig}"
            : Corruption is < 0 or > 1 || double.IsNaN(Corruption) ? $"--cadu-corruption {Corruption} must be within 0..1"
            : Drop is < 0 or > 1 || double.IsNaN(Drop) ? $"--cadu-drop {Drop} must be within 0..1"
            : Timeout <= 0 || double.IsNaN(Timeout) ? $"--timeout {Timeout} must be above 0"
            : Rig is not null && KeyFile is null ? $"--rig {Rig} needs --key-file with the rig's uplink key"
            : null;
    }

    private static async Task<int> RunAsync(Request request, int? dashboardPort, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        TimeProvider clock = TimeProvider.System;
        IAnsiConsole console = OperatorConsole.For(stdout);
        GroundSession session;
        GroundOutput ground;
        ModelManifest manifest;
        try
        {
            manifest = ModelManifest.Load(Path.Combine(DefaultModelFolder, LandCoverModel.ManifestFileName));
            string name = request.RunName ?? GroundOutput.RunNameFor(clock.GetUtcNow());
            ground = GroundOutput.Create(request.Out, name, manifest.Classes);
            string board = "sim";
            if (request.Rig is null && request.Size != SimBoardProfile.DefaultSceneSize)
            {
                board = Path.Combine(ground.RunFolder, "sim-board.json");
                SimBoardProfile.Write(board, request.Size);
            }

            LinkConfiguration? rigDownlink = request.Rig is null ? null : RigDownlink(request.Rig);
            LinkConfiguration? rigUplink = rigDownlink is null ? null
                : request.Uplink is not null ? GroundLinkAddress.Parse(request.Uplink)
                : rigDownlink.Kind == LinkKind.Serial ? rigDownlink
                : new LinkConfiguration(LinkKind.Udp, rigDownlink.Host, 52000);
            session = await GroundSession.StartAsync(new GroundSessionOptions
            {
                RunFolder = ground.RunFolder, Downlink = rigDownlink, Uplink = rigUplink, KeyFile = request.KeyFile, Spi = request.Spi,
                SpacecraftId = request.SpacecraftId, Board = board, MaxTilesPerSecond = request.TileRate,
                CaduCorruptionFraction = request.Corruption, CaduDropFraction = request.Drop, LinkSeed = request.ChaosSeed, Time = clock,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModelManifestException or IOException or SocketException or UnauthorizedAccessException or FormatException or ArgumentException or KeyFileException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        using (ground)
        {
            await using (session.ConfigureAwait(false))
            {
                string target = request.Rig is null ? $"Payload.Flight child process on {(request.Size == SimBoardProfile.DefaultSceneSize ? "the sim board" : $"the sim board with {request.Size} x {request.Size} scenes")}" : $"rig {request.Rig}";
                LiveDashboard? dashboard = null;
                if (dashboardPort is int port)
                {
                    try
                    {
                        dashboard = await LiveDashboard.StartAsync(session, $"{manifest.Name} {manifest.Version}", manifest.Classes, port, cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException e)
                    {
                        await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                        return 2;
                    }

                    console.WriteLine($"dashboard    {dashboard.Address}");
                }

                await using LiveDashboard? dashboardInUse = dashboard;
                ground.AddEvent(clock.GetUtcNow(), "run", $"{target}; {request.Scenes} scene(s) from seed {request.Seed}");
                var run = new ImagingRun(session, ground, new ImagingRunOptions
                {
                    Scenes = request.Scenes, FirstSeed = request.Seed, Kills = request.Chaos, ChaosSeed = request.ChaosSeed, Timeout = TimeSpan.FromSeconds(request.Timeout),
                }, clock);
                Task<bool> job = run.RunAsync(cancellationToken);
                if (OperatorConsole.IsTerminal(stdout))
                {
                    await console.Live(LiveView(run, session, target)).AutoClear(false).StartAsync(async live =>
                    {
                        while (!job.IsCompleted)
                        {
                            live.UpdateTarget(LiveView(run, session, target));
                            await Task.WhenAny(job, Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken)).ConfigureAwait(false);
                        }

                        live.UpdateTarget(LiveView(run, session, target));
                    }).ConfigureAwait(false);
                }
                else
                {
                    console.WriteLine($"ground-test run: {target}, {request.Scenes} scene(s) from seed {request.Seed}");
                }

                bool complete = await job.ConfigureAwait(false);
                ground.AddDownlinkedBytes(session.CaduOctets);
                Summarise(console, run, session, ground, request, target);
                if (dashboard is not null)
                {
                    console.WriteLine($"dashboard    {dashboard.Address} stays up with the payload; Ctrl+C stops both");
                    await UntilInterrupted.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                return complete ? 0 : 1;
            }
        }
    }

    /// <summary>The rig's downlink: HOST:PORT is a TCP connection (the rig listens), anything else a <see cref="GroundLinkAddress"/>.</summary>
    private static LinkConfiguration RigDownlink(string rig) =>
        IPEndPoint.TryParse(rig, out IPEndPoint? endPoint) && endPoint.Port > 0 && !rig.Contains("://", StringComparison.Ordinal)
            ? new LinkConfiguration(LinkKind.Tcp, endPoint.Address.ToString(), endPoint.Port)
            : GroundLinkAddress.Parse(rig);

    private static IRenderable LiveView(ImagingRun run, GroundSession session, string target)
    {
        LinkSnapshot link = session.Link;
        HousekeepingReceived? hk = session.LatestHousekeeping;
        Table scenes = new Table().Border(TableBorder.Rounded).Title("scenes");
        scenes.AddColumn("seed");
        scenes.AddColumn("tiles");
        scenes.AddColumn("progress");
        foreach (uint seed in run.Seeds)
        {
            (int arrived, int? count) = run.Progress(seed);
            double fraction = count is > 0 ? Math.Min(1, arrived / (double)count.Value) : 0;
            const int Bar = 30;
            int filled = (int)Math.Round(fraction * Bar);
            scenes.AddRow(seed.ToString(CultureInfo.InvariantCulture), count is null ? $"{arrived} / ?" : $"{arrived} / {count}",
                $"[green]{new string('█', filled)}[/][grey]{new string('░', Bar - filled)}[/]");
        }

        double seconds = Math.Max(run.Elapsed.TotalSeconds, 0.001);
        Grid status = new Grid().AddColumn().AddColumn();
        status.AddRow("payload", Markup.Escape(target));
        status.AddRow("mode", Mode(hk));
        status.AddRow("temperature", hk?[FlightDictionary.TemperatureChannel] is double t ? string.Create(CultureInfo.InvariantCulture, $"{t:F1} °C") : "-");
        status.AddRow("tiles/s", string.Create(CultureInfo.InvariantCulture, $"{run.TilesReceived / seconds:F1} received, flight {hk?[FlightDictionary.TileRateChannel] ?? 0:F1}"));
        status.AddRow("downlink", string.Create(CultureInfo.InvariantCulture, $"{link.OctetsPerSecond * 8 / 1000:F0} kbit/s, {link.Cadus:N0} CADUs, {link.CorrectedSymbols:N0} corrected symbols, {link.UncorrectableCodewords} uncorrectable"));
        status.AddRow("uplink", string.Create(CultureInfo.InvariantCulture, $"FOP-1 {link.UplinkState}, {link.UplinkOutstanding} outstanding, {link.CltusSent} CLTUs, {link.UplinkRetransmissions} repeated, {link.UplinkResynchronisations} re-synchronised"));
        status.AddRow("chaos", string.Create(CultureInfo.InvariantCulture, $"{run.KillsDone} kill(s), {run.Boots} boot(s), {link.CadusDropped} CADUs dropped, {link.CadusCorrupted} corrupted, {run.ResendCommands} RESEND_TILES"));
        status.AddRow("alerts", run.AlertLatencies.Describe());
        var events = new Rows(run.RecentEvents.Select(e => new Text(e)).ToArray<IRenderable>());
        return new Rows(scenes, new Panel(status).Header("status"), new Panel(events).Header("events"));
    }

    private static string Mode(HousekeepingReceived? hk) =>
        hk?[FlightDictionary.ModeChannel] is double mode && Enum.IsDefined((Payload.Flight.Executive.FlightMode)(int)mode)
            ? ((Payload.Flight.Executive.FlightMode)(int)mode).ToString().ToUpperInvariant()
            : "-";

    private static void Summarise(IAnsiConsole console, ImagingRun run, GroundSession session, GroundOutput ground, Request request, string target)
    {
        LinkSnapshot link = session.Link;
        RunRecord record = ground.Record;
        (string tiles, bool complete, int lost, int duplicated) = run.Verdict();
        double seconds = Math.Max(run.Elapsed.TotalSeconds, 0.001);
        HousekeepingReceived? hk = session.LatestHousekeeping;
        string processed = string.Create(CultureInfo.InvariantCulture, $"{run.TilesReceived} tiles in {seconds:F1} s ({run.TilesReceived / seconds:F1} tiles/s)");
        string products = string.Create(CultureInfo.InvariantCulture, $"{run.Products} received; after dedup by scene, tile and kind: {run.ProductsReceived}");
        string bandwidth = string.Create(CultureInfo.InvariantCulture, $"{record.DownlinkedBytes:N0} octets of CADUs vs {record.RawImageryBytes:N0} octets of raw imagery: {record.BandwidthSaving:P2} saved");
        string linkLine = string.Create(CultureInfo.InvariantCulture, $"{link.Cadus:N0} CADUs, {link.CorrectedSymbols:N0} corrected symbols, {link.UncorrectableCodewords} uncorrectable, {link.FramesLost} frames lost, {link.PacketsLost} packets lost, {link.SenderRestarts} sender restarts; shim dropped {link.CadusDropped}, corrupted {link.CadusCorrupted}");
        string uplinkLine = string.Create(CultureInfo.InvariantCulture, $"{link.CltusSent} CLTUs (COP-1 Type-AD), {link.UplinkRetransmissions} repeated, {link.UplinkResynchronisations} V(R) re-synchronisation(s)");
        string chaosLine = string.Create(CultureInfo.InvariantCulture, $"{run.KillsDone} SIGKILL(s), {run.Boots} boot(s), {run.ResendCommands} RESEND_TILES command(s)");
        string protection = hk is null ? "no housekeeping received" : string.Join(", ", ProtectionChannels
            .Select(n => FlightDictionary.Channels.FirstOrDefault(c => c.Name == n))
            .Where(c => c is not null && hk[c] is not null)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c!.Name} {hk[c]:0.###}")));
        string alerts = run.AlertLatencies.Describe();
        string load = LoadLine(request.Rig is null ? FlightChild.SimDownlinkBitsPerSecond : null, run.BacklogWhileAlerting);
        record.AddFact("payload", target);
        record.AddFact("scenes", string.Create(CultureInfo.InvariantCulture, $"{request.Scenes} from seed {request.Seed}"));
        record.AddFact("tiles processed", processed);
        record.AddFact("tiles received", tiles);
        record.AddFact("products", products);
        record.AddFact("downlink", linkLine);
        record.AddFact("uplink", uplinkLine);
        record.AddFact("chaos", chaosLine);
        record.AddFact("protection", protection);
        record.AddFact("alert latency", alerts);
        record.AddFact("alert load", load);
        string report = ground.WriteReport($"ground-test run {record.RunName}");

        console.WriteLine(processed);
        console.WriteLine($"tiles        {tiles}");
        console.WriteLine($"products     {products}");
        console.WriteLine($"downlinked   {bandwidth}");
        console.WriteLine($"link         {linkLine}");
        console.WriteLine($"uplink       {uplinkLine}");
        console.WriteLine($"chaos        {chaosLine}");
        console.WriteLine($"protection   {protection}");
        console.WriteLine($"alerts       {alerts}");
        console.WriteLine($"alert load   {load}");
        console.WriteLine($"output       {ground.RunFolder}");
        console.WriteLine($"report       {report}");
        console.WriteLine(complete
            ? "verdict      every product of every scene arrived exactly once"
            : string.Create(CultureInfo.InvariantCulture, $"verdict      FAILED: {lost} product(s) lost, {duplicated} duplicated"));
    }

    // The link rate and the backlog the alerts were measured under: a latency on an idle link proves nothing.
    private static string LoadLine(long? bitsPerSecond, IReadOnlyList<(double DownlinkQueue, double ProductBacklog)> backlog)
    {
        string rate = bitsPerSecond is long bps ? string.Create(CultureInfo.InvariantCulture, $"downlink limited to {bps / 1000.0:0.#} kbit/s") : "downlink rate set by the rig";
        if (backlog.Count == 0)
        {
            return rate + ", no housekeeping while alerts arrived";
        }

        double[] queue = [.. backlog.Select(b => b.DownlinkQueue).Order()];
        double[] products = [.. backlog.Select(b => b.ProductBacklog).Order()];
        return string.Create(CultureInfo.InvariantCulture, $"{rate}; while alerts arrived ({backlog.Count} housekeeping samples): DOWNLINK_QUEUE median {queue[queue.Length / 2]:N0} octets (max {queue[^1]:N0}), PRODUCT_BACKLOG median {products[products.Length / 2]:N0} octets (max {products[^1]:N0})");
    }
}
