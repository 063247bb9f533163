using Payload.Flight.Commanding;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Station;
using Payload.GroundTest.Tests.Commands;
using Payload.Hal.Buses;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Station;

/// <summary>
/// The ground and a flight build on one serial line each way, as on a hardware-in-the-loop rig: a pseudo-terminal pair
/// stands in for the cable, the flight's uplink and downlink are both its end of it, the ground's session is on the other.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SerialRigTests
{
    /// <summary>Guard against a hang only; a healthy run finishes far sooner.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly UartSettings Line = new(115_200);

    [Test]
    public async Task Ground_session_on_a_serial_line_gets_a_mode_change_completed_and_the_scene_products()
    {
        using TempFolder temp = new();
        using PseudoTerminalPair cable = await PseudoTerminalPair.OpenAsync(temp.File("flight-tty"), temp.File("ground-tty"));
        using FlightChild flight = SmallFlightOn(temp, cable.First);
        LinkConfiguration ground = GroundLinkAddress.Parse($"serial:{cable.Second}?baud=115200");
        var products = new TaskCompletionSource<ProductReceived>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using GroundSession session = await GroundSession.StartAsync(
            new GroundSessionOptions { Downlink = ground, Uplink = ground, KeyFile = flight.KeyFile }, CancellationToken.None);
        session.ProductDecoded += p =>
        {
            if (p.Product.Header.Kind == ProductKind.ClassMap)
            {
                products.TrySetResult(p);
            }
        };
        flight.Start();

        CommandAcknowledgement operate = await session.SendCommandAsync("SET_MODE", ["OPERATE"], CancellationToken.None).WaitAsync(Patience);
        CommandAcknowledgement imaging = await session.SendCommandAsync("IMAGE_SCENES", ["1", "11"], CancellationToken.None).WaitAsync(Patience);
        ProductReceived classMap = await products.Task.WaitAsync(Patience);

        Assert.That(operate.Stage, Is.EqualTo(AcknowledgementStage.Completed), operate.Reason);
        Assert.That(imaging.Stage, Is.EqualTo(AcknowledgementStage.Completed), imaging.Reason);
        Assert.That(classMap.Product.Header.SceneId, Is.EqualTo(11));
        LinkSnapshot link = session.Link;
        Assert.That(link.UncorrectableCodewords, Is.Zero);
        Assert.That(link.CltusSent, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Run_with_a_serial_rig_commands_the_flight_over_the_tty_and_receives_every_tile()
    {
        using TempFolder temp = new();
        using PseudoTerminalPair cable = await PseudoTerminalPair.OpenAsync(temp.File("flight-tty"), temp.File("ground-tty"));
        using FlightChild flight = SmallFlightOn(temp, cable.First);
        flight.Start();

        (int code, string output, string error) = GroundTestCli.Invoke("run", "--rig", $"serial:{cable.Second}?baud=115200", "--key-file", flight.KeyFile,
            "--scenes", "1", "--seed", "4", "--out", temp.Path, "--run", "serial", "--timeout", "60");

        Assert.That(code, Is.Zero, error + output);
        Assert.That(output, Does.Contain($"rig serial:{cable.Second}?baud=115200"));
        Assert.That(output, Does.Contain("tiles        1 of 1 received, 0 lost, 0 duplicated"));
        Assert.That(Directory.Exists(Path.Combine(temp.Path, "serial", "flight")), Is.False, "nothing spawned");
    }

    [Test]
    public async Task Send_with_to_and_ack_on_one_serial_device_gets_the_command_completed()
    {
        using TempFolder temp = new();
        using PseudoTerminalPair cable = await PseudoTerminalPair.OpenAsync(temp.File("flight-tty"), temp.File("ground-tty"));
        using FlightChild flight = SmallFlightOn(temp, cable.First);
        string dictionary = temp.File("dict.json");
        await File.WriteAllTextAsync(dictionary, FlightDictionary.Document.ToJson());
        flight.Start();

        (int code, string output, string error) = GroundTestCli.Invoke("send", "SET_MODE", "IDLE", "--dict", dictionary, "--key-file", flight.KeyFile,
            "--to", $"serial:{cable.Second}", "--ack", $"serial:{cable.Second}?baud=115200", "--tag", "8", "--timeout", "60");

        Assert.That(code, Is.Zero, error + output);
        Assert.That(output, Does.Contain($"SET_MODE (opcode 0x0002) tag 8, SPI 1 from sequence").And.Contain($"COP-1 Type-AD to serial:{cable.Second}?baud=115200"));
        Assert.That(output, Does.Contain("  Accepted").And.Contain("  Completed"));
    }

    /// <summary>A flight on the sim board with one-tile scenes, its uplink and downlink both on <paramref name="tty"/>.</summary>
    private static FlightChild SmallFlightOn(TempFolder temp, string tty)
    {
        string profile = temp.File("small-sim.json");
        SimBoardProfile.Write(profile, 96);
        var serial = new LinkConfiguration(LinkKind.Serial, Path: tty, Line: Line);
        return FlightChild.Create(temp.File("flight"), serial, serial, 427, 1, profile, 20);
    }
}
