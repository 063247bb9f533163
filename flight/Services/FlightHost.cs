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
/// its rate groups and sends every CADU that has data, no faster than the downlink's configured bit rate (the rest wait
/// in their virtual channels, highest priority first). On the simulated board the simulated clock is set forward to the
/// real UTC time every tick, so the same executive runs at wall-clock pace and its times compare with the ground's.
/// </summary>
internal static class FlightHost
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // The sender's period: short, so an alert queued between ticks leaves within a few milliseconds.
    private static readonly TimeSpan SendTick = TimeSpan.FromMilliseconds(2);

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
        // The sender thread reads the CLCW the executive's thread last published, never the uplink's state mid-update.
        var clcwGate = new Lock();
        Clcw clcw = default;
        var downlink = new TelemetryDownlink(configuration.SpacecraftId, () =>
        {
            lock (clcwGate)
            {
                return clcw;
            }
        });
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
            // The simulated clock follows real time here, so the simulation's rendering must not hold up a capture's poll.
            scenes.CaptureWhenRendered = board.Simulation is not null;
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
        var pacer = new DownlinkPacer(TimeProvider.System, configuration.Downlink.BitsPerSecond, BurstOctets(configuration.Downlink.BitsPerSecond, downlink.Format.CaduLength));
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // CADUs leave on their own thread: a poll that runs tiles through the model takes far longer than a tick, and
        // the alert a tile raises must not wait for the next tiles of that poll.
        Task sending = Task.Factory.StartNew(() => SendAsync(downlink, link, pacer, stopSending.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        using var timer = new PeriodicTimer(Tick);
        try
        {
            do
            {
                if (clock is not null)
                {
                    FollowRealTime(clock);
                }
                while (uplink.Cltus.TryRead(out byte[]? cltu))
                {
                    executive.ReceiveCltu(cltu);
                }
                lock (clcwGate)
                {
                    clcw = executive.Clcw;
                }
                if (executive.Files is not null)
                {
                    // A TCP ground that went away freezes the CFDP timers; its transactions resume when it is back.
                    executive.Files.IsLinkAvailable = link.IsConnected;
                }
                executive.Poll();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            await log.WriteLineAsync("flight: stopping").ConfigureAwait(false);
        }
        finally
        {
            await stopSending.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            executive.Files?.Dispose();
        }
        return 0;
    }

    // Sends every CADU that has data, no faster than the pacer allows; the rest wait in their virtual channels.
    private static async Task SendAsync(TelemetryDownlink downlink, DownlinkLink link, DownlinkPacer pacer, CancellationToken cancellationToken)
    {
        byte[] cadu = new byte[downlink.Format.CaduLength];
        using var timer = new PeriodicTimer(SendTick);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            while (pacer.CanSend(cadu.Length))
            {
                ReadOnlySpan<byte> next = downlink.TryNextCadu();
                if (next.IsEmpty)
                {
                    break;
                }
                next.CopyTo(cadu);
                pacer.Sent(cadu.Length);
                await link.WriteAsync(cadu, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Accumulating elapsed ticks drifts behind UTC (each tick's timer and loop time is lost); setting the clock to UTC
    // keeps capture times on the ground's time base. It never steps back: a UTC step backwards only pauses it.
    private static void FollowRealTime(SimulatedClock clock)
    {
        TimeSpan behind = TimeProvider.System.GetUtcNow() - clock.GetUtcNow();
        if (behind > TimeSpan.Zero)
        {
            clock.Advance(behind);
        }
    }

    // Ten sender ticks' worth of octets, and at least one CADU: a late tick catches up, an idle link saves no big burst.
    private static int BurstOctets(long bitsPerSecond, int caduLength) =>
        (int)Math.Max(caduLength, Math.Min(int.MaxValue, bitsPerSecond / 8.0 * SendTick.TotalSeconds * 10));
}
