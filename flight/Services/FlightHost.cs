using System.Diagnostics;
using Payload.Flight.Configuration;
using Payload.Flight.Executive;
using Payload.Flight.Models;
using Payload.Inference.Packages;
using Payload.Flight.Telemetry;
using Payload.Hal.Boards;
using Payload.Hal.Simulation;
using Payload.Inference.DefaultModel;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Services;

/// <summary>
/// Runs the executive in real time: builds the board, opens the links, feeds received CLTUs to the executive, polls
/// its rate groups and sends every CADU that has data. On the simulated board the simulated clock is advanced by the
/// real time elapsed, so the same executive runs at wall-clock pace.
/// </summary>
internal static class FlightHost
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // A maximum TC frame (1024 octets, CCSDS 232.0-B-4 §4.1.2.7) in CLTU codeblocks.
    private static readonly int MaxCltuLength = CltuEncoder.GetCltuLength(1024);

    public static async Task<int> RunAsync(FlightConfiguration configuration, TextWriter log, CancellationToken cancellationToken)
    {
        BoardProfile profile = BoardProfileLoader.BuiltInNames.Contains(configuration.Board)
            ? BoardProfileLoader.LoadBuiltIn(configuration.Board)
            : BoardProfileLoader.LoadFile(configuration.Board);
        // The simulated clock starts at the real UTC time, so capture times in products compare with the ground's clock.
        using Board board = BoardBuilder.Build(profile, profile.Buses.Any(b => b.IsSimulated) ? new SimulatedClock(TimeProvider.System.GetUtcNow()) : null);
        TcKeyStore keys = configuration.KeyFile is null ? new TcKeyStore([]) : TcKeyStore.Load(configuration.KeyFile);
        if (configuration.KeyFile is null)
        {
            await log.WriteLineAsync("warning: no keyFile configured: every command will be refused as having an unknown SPI").ConfigureAwait(false);
        }

        FlightExecutive? executive = null;
        var downlink = new TelemetryDownlink(configuration.SpacecraftId, () => executive?.Clcw ?? default);
        executive = new FlightExecutive(configuration, board, downlink, keys, e => log.WriteLine(e.ToString()));
        executive.DownlinkStatistics = () => (downlink.CadusSent, downlink.QueuedOctets);
        using GroundKey? groundKey = configuration.GroundKeyFile is null ? null : GroundKey.Load(configuration.GroundKeyFile);
        if (configuration.ModelSlots.Length > 0 && groundKey is not null)
        {
            executive.Models = ModelSlots.Open(configuration.ModelSlots, groundKey, ProbationPolicy.Default, board.Time, executive.OnSlotEvent);
            executive.Models.Store.RecordBoot();
        }
        using var scenes = SceneService.TryCreate(board, executive.Models, configuration.Protection, downlink, executive.Events, configuration.Checkpoints, log);
        executive.Scenes = scenes;
        if (scenes is not null)
        {
            ModelSlots? slots = executive.Models;
            executive.ModelSwap = () =>
            {
                string model = slots?.ActiveModelPath ?? Path.Combine(SceneService.DefaultModelFolder, LandCoverModel.ModelFileName);
                scenes.UseModel(model, slots?.ActiveManifestPath ?? Path.Combine(SceneService.DefaultModelFolder, LandCoverModel.ManifestFileName));
                return slots?.Store.Active is SlotName active ? $"slot {active}: {model}" : $"the built-in default model {model}";
            };
        }

        await using var uplink = new UplinkListener(configuration.Uplink, MaxCltuLength);
        uplink.Start();
        await using var link = new DownlinkLink(configuration.Downlink);
        await log.WriteLineAsync($"flight: board {profile.Name}, uplink {configuration.Uplink}, downlink {configuration.Downlink}, SCID {configuration.SpacecraftId}").ConfigureAwait(false);
        executive.Start();

        SimulatedClock? clock = board.Simulation?.Clock;
        long last = Stopwatch.GetTimestamp();
        byte[] cadu = new byte[downlink.Format.CaduLength];
        using var timer = new PeriodicTimer(Tick);
        try
        {
            do
            {
                long now = Stopwatch.GetTimestamp();
                clock?.Advance(Stopwatch.GetElapsedTime(last, now));
                last = now;
                while (uplink.Cltus.TryRead(out byte[]? cltu))
                {
                    executive.ReceiveCltu(cltu);
                }
                if (executive.Files is not null)
                {
                    // A TCP ground that went away freezes the CFDP timers; its transactions resume when it is back.
                    executive.Files.IsLinkAvailable = link.IsConnected;
                }
                executive.Poll();
                while (true)
                {
                    ReadOnlySpan<byte> next = downlink.TryNextCadu();
                    if (next.IsEmpty)
                    {
                        break;
                    }
                    next.CopyTo(cadu);
                    await link.WriteAsync(cadu, cancellationToken).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            await log.WriteLineAsync("flight: stopping").ConfigureAwait(false);
        }
        finally
        {
            executive.Files?.Dispose();
        }
        return 0;
    }
}
