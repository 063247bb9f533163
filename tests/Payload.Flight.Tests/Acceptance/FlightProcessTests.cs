using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.Telemetry.Products;
using Payload.Telemetry.Security;

namespace Payload.Flight.Tests.Acceptance;

[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FlightProcessTests
{
    private const int SpacecraftId = 300;
    private static readonly byte[] Key = Convert.FromHexString("F0E1D2C3B4A5968778695A4B3C2D1E0F00112233445566778899AABBCCDDEEFF");
    private string directory = "";
    private string keyFile = "";

    [SetUp]
    public void CreateDirectory()
    {
        (directory, keyFile) = FlightProcess.CreateWorkspace("flight-process-", Key);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Flight_executable_is_commanded_through_cltus_and_answers_in_cadus()
    {
        await using FlightProcess flight = FlightProcess.Start(directory, keyFile, SpacecraftId);
        var ground = new CommandCltuEncoder(SpacecraftId, new TcKeyStore([new(1, Key)]), 1, firstSequenceNumber: 1);

        IReadOnlyDictionary<ushort, double> first = await flight.WaitForAsync<IReadOnlyDictionary<ushort, double>>(_ => true, "housekeeping");
        Assert.That(first[FlightDictionary.ModeChannel.Id], Is.EqualTo((double)FlightMode.Idle));
        Assert.That(first[FlightDictionary.BootCountChannel.Id], Is.EqualTo(1));
        Assert.That(first[FlightDictionary.VoltageChannel.Id], Is.EqualTo(5).Within(0.1));

        await flight.SendAsync(ground.Encode(CommandCodec.Encode(FlightDictionary.SetMode, 11, ["OPERATE"])));
        CommandAcknowledgement accepted = await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == 11 && a.Stage == AcknowledgementStage.Accepted, "SET_MODE accepted");
        CommandAcknowledgement completed = await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == 11 && a.Stage != AcknowledgementStage.Accepted, "SET_MODE final acknowledgement");
        ReceivedEvent changed = await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModeChanged.Id && e.Text.Contains("Operate", StringComparison.Ordinal), "MODE_CHANGED event");
        await flight.WaitForAsync<IReadOnlyDictionary<ushort, double>>(h => h[FlightDictionary.ModeChannel.Id] == (double)FlightMode.Operate, "housekeeping in OPERATE");

        Assert.That(accepted.Opcode, Is.EqualTo(FlightDictionary.SetMode.Opcode));
        Assert.That(completed.Stage, Is.EqualTo(AcknowledgementStage.Completed), completed.Reason);
        Assert.That(changed.Text, Is.EqualTo("mode Idle -> Operate: commanded"));

        await flight.SendAsync(ground.Encode(CommandCodec.Encode(FlightDictionary.ImageScenes, 14, ["1", "77"])));
        CommandAcknowledgement imaged = await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == 14 && a.Stage != AcknowledgementStage.Accepted, "IMAGE_SCENES final acknowledgement");
        Assert.That(imaged.Stage, Is.EqualTo(AcknowledgementStage.Completed), imaged.Reason);
        ReceivedEvent scene = await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.SceneProcessed.Id, "SCENE_PROCESSED event");
        DecodedProduct product = await flight.WaitForAsync<DecodedProduct>(p => p.Header.SceneId == 77, "a tile product of scene 77");
        DecodedProduct summary = await flight.WaitForAsync<DecodedProduct>(p => p.Header.SceneId == 77 && p.Header.Kind == ProductKind.SceneSummary, "the summary of scene 77");
        Assert.That(scene.Text, Does.StartWith("scene seed 77:"));
        Assert.That(product.Header.Kind, Is.AnyOf(ProductKind.Alert, ProductKind.ClassMap), "a tile's alert or class map comes first");
        Assert.That(summary.Summary!.Value.TileCount, Is.GreaterThan(0));

        await flight.SendAsync(ground.Encode(CommandCodec.Encode(FlightDictionary.ResendTiles, 15, ["77", "0", "1"])));
        CommandAcknowledgement resend = await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == 15 && a.Stage != AcknowledgementStage.Accepted, "RESEND_TILES final acknowledgement");
        ReceivedEvent resent = await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.TilesResent.Id, "TILES_RESENT event");
        Assert.That(resend.Stage, Is.EqualTo(AcknowledgementStage.Completed), resend.Reason);
        Assert.That(resent.Text, Is.EqualTo("scene seed 77: 1 tile(s) from tile 0 re-sent"));

        var forger = new CommandCltuEncoder(SpacecraftId, new TcKeyStore([new(1, new byte[32])]), 1, firstSequenceNumber: 100);
        await flight.SendAsync(forger.Encode(CommandCodec.Encode(FlightDictionary.SetMode, 12, ["SAFE"])));
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.BadMac.Id, "UPLINK_BAD_MAC event");

        await flight.SendAsync(ground.Encode(CommandCodec.Encode(FlightDictionary.SetMode, 13, ["IDLE"])));
        CommandAcknowledgement back = await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == 13 && a.Stage != AcknowledgementStage.Accepted, "SET_MODE IDLE final acknowledgement");
        flight.ClearReceived();
        IReadOnlyDictionary<ushort, double> last = await flight.WaitForAsync<IReadOnlyDictionary<ushort, double>>(_ => true, "housekeeping after the commands");

        Assert.That(back.Stage, Is.EqualTo(AcknowledgementStage.Completed));
        Assert.That(last[FlightDictionary.ModeChannel.Id], Is.EqualTo((double)FlightMode.Idle), "the forged SAFE was not executed");
        Assert.That(last[FlightDictionary.CommandsExecutedChannel.Id], Is.EqualTo(4));
        Assert.That(last[FlightDictionary.TilesProcessedChannel.Id], Is.GreaterThan(0));
        Assert.That(last[FlightDictionary.CltusRejectedChannel.Id], Is.EqualTo(1));
    }

    [Test]
    public async Task Invalid_configuration_lists_every_problem_and_starts_nothing()
    {
        string config = Path.Combine(directory, "bad.json");
        File.WriteAllText(config, """{ "spacecraftId": 4096, "uplink": { "kind": "udp", "host": "127.0.0.1" }, "stateFile": "state/boot.json" }""");

        using var process = FlightProcess.StartProcess(["run", "--config", config], directory);
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(Program.InvalidConfiguration));
        Assert.That(error, Does.Contain("$.spacecraftId").And.Contain("$.uplink.port"));
        Assert.That(Directory.Exists(Path.Combine(directory, "state")), Is.False, "nothing was started");
    }
}
