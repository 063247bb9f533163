using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Executive;
using Payload.Flight.Models;
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

    public FlightBench(FlightConfiguration? configuration = null, string? stateDirectory = null)
    {
        StateDirectory = stateDirectory ?? Directory.CreateTempSubdirectory("flight-bench-").FullName;
        OwnsDirectory = stateDirectory is null;
        configuration ??= new FlightConfiguration();
        Configuration = configuration with
        {
            StateFile = Path.Combine(StateDirectory, "boot.json"),
            Files = configuration.Files with { Staging = Path.Combine(StateDirectory, "staging") },
        };
        Clock = new SimulatedClock();
        Board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"), Clock);
        Keys = new TcKeyStore([new(Spi, Key)]);
        Executive = new FlightExecutive(Configuration, Board, Sink, Keys);
        Ground = new CommandCltuEncoder(Configuration.SpacecraftId, Keys, Spi, firstSequenceNumber: 1);
    }

    public string StateDirectory { get; }

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
        Board.Dispose();
        if (OwnsDirectory)
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
