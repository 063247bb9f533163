using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Executive;
using Payload.Flight.Models;
using Payload.Flight.Services;
using Payload.Inference.Packages;
using Payload.Hal.Boards;
using Payload.Hal.Simulation;
using Payload.Telemetry.Security;

namespace Payload.Flight.Tests.Support;

/// <summary>
/// An executive on the simulated board with a simulated clock, a temporary state directory, one uplink key (SPI 1)
/// and a ground encoder for it. Nothing moves until <see cref="Advance"/>.
/// </summary>
internal sealed class FlightBench : IDisposable
{
    public const ushort Spi = 1;
    public static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

    private ushort nextTag = 1;

    /// <param name="sceneSize">Edge of the simulated camera's scenes (the sim profile's 256 is one tile of the default model).</param>
    /// <param name="firstCommandSequence">Sequence number of the first command: above the last one when the state directory is reused.</param>
    public FlightBench(FlightConfiguration? configuration = null, string? stateDirectory = null, int? sceneSize = null, uint firstCommandSequence = 1)
    {
        StateDirectory = stateDirectory ?? Directory.CreateTempSubdirectory("flight-bench-").FullName;
        OwnsDirectory = stateDirectory is null;
        configuration ??= new FlightConfiguration();
        Configuration = configuration with
        {
            StateFile = Path.Combine(StateDirectory, "boot.json"),
            Checkpoints = Path.Combine(StateDirectory, "checkpoints"),
            Files = configuration.Files with { Staging = Path.Combine(StateDirectory, "staging") },
        };
        Clock = new SimulatedClock();
        Board = BoardBuilder.Build(sceneSize is int edge ? SimProfileWithScenes(edge) : BoardProfileLoader.LoadBuiltIn("sim"), Clock);
        Keys = new TcKeyStore([new(Spi, Key)]);
        Executive = new FlightExecutive(Configuration, Board, Sink, Keys);
        Ground = new CommandCltuEncoder(Configuration.SpacecraftId, Keys, Spi, firstSequenceNumber: firstCommandSequence);
    }

    public string StateDirectory { get; }

    private static BoardProfile SimProfileWithScenes(int edge)
    {
        using Stream stream = typeof(Board).Assembly.GetManifestResourceStream("Payload.Hal.Boards.profiles.sim.json")
            ?? throw new InvalidOperationException("the sim profile is not embedded in Payload.Hal");
        string json = new StreamReader(stream).ReadToEnd();
        const string Size = "\"sceneWidth\": 256, \"sceneHeight\": 256";
        if (!json.Contains(Size, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the sim profile no longer gives its camera 256 x 256 scenes");
        }

        return BoardProfileLoader.Load(json.Replace(Size, $"\"sceneWidth\": {edge}, \"sceneHeight\": {edge}", StringComparison.Ordinal), "sim with larger scenes");
    }

    private bool OwnsDirectory { get; }

    public FlightConfiguration Configuration { get; }

    public SimulatedClock Clock { get; }

    public Board Board { get; }

    public TcKeyStore Keys { get; }

    public RecordingPacketSink Sink { get; } = new();

    public FlightExecutive Executive { get; }

    public CommandCltuEncoder Ground { get; }

    /// <summary>Opens A/B model slots under the state directory, trusting <paramref name="groundKey"/>.</summary>
    public ModelSlots UseModelSlots(GroundKey groundKey)
    {
        Executive.Models = ModelSlots.Open(Path.Combine(StateDirectory, "slots"), groundKey, ProbationPolicy.Default, Clock, Executive.OnSlotEvent);
        return Executive.Models;
    }

    /// <summary>The scene pipeline on the default model, checkpointing under the state directory, attached to the executive.</summary>
    public SceneService UseScenes()
    {
        Scenes = SceneService.TryCreate(Board, Executive.Models, Configuration.Protection, Sink, Executive.Events, Configuration.Checkpoints, TextWriter.Null)
            ?? throw new InvalidOperationException("the default model and the sim imager should give a scene service");
        Executive.Scenes = Scenes;
        return Scenes;
    }

    public SceneService? Scenes { get; private set; }

    /// <summary>Advances in 10 ms steps until the scene service has no work left, or <paramref name="limit"/> has passed; returns the time taken.</summary>
    public TimeSpan RunScenes(TimeSpan limit)
    {
        TimeSpan done = TimeSpan.Zero;
        while (Scenes?.Busy == true && done < limit)
        {
            Advance(TimeSpan.FromMilliseconds(10));
            done += TimeSpan.FromMilliseconds(10);
        }

        return done;
    }

    /// <summary>Advances the clock in 10 ms steps, polling the executive after each.</summary>
    public void Advance(TimeSpan by)
    {
        for (TimeSpan done = TimeSpan.Zero; done < by; done += TimeSpan.FromMilliseconds(10))
        {
            Clock.Advance(TimeSpan.FromMilliseconds(10));
            Executive.Poll();
        }
    }

    /// <summary>Sends a command from the dictionary through the whole uplink chain; returns its tag.</summary>
    public ushort Send(string name, params string[] arguments)
    {
        ushort tag = nextTag++;
        byte[] data = CommandCodec.Encode(Payload.Flight.Dictionary.FlightDictionary.Document.Command(name), tag, arguments);
        Executive.ReceiveCltu(Ground.Encode(data));
        return tag;
    }

    public byte[] CommandCltu(string name, ushort tag, params string[] arguments) =>
        Ground.Encode(CommandCodec.Encode(Payload.Flight.Dictionary.FlightDictionary.Document.Command(name), tag, arguments));

    public IEnumerable<CommandAcknowledgement> AcknowledgementsFor(ushort tag) => Sink.Acknowledgements.Where(a => a.Tag == tag);

    public void Dispose()
    {
        Scenes?.Dispose();
        Board.Dispose();
        if (OwnsDirectory)
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
