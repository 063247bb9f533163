using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.Flight.Files;
using Payload.Inference.Packages;
using Payload.Inference.Tests.Packages;
using Payload.Telemetry.Cfdp;
using Payload.Telemetry.Security;

namespace Payload.Flight.Tests.Acceptance;

/// <summary>
/// The model lifecycle end to end on the flight executable, reached only through CLTUs in and CADUs out: packages go
/// up over CFDP class 2 with a seeded 10 % of PDUs lost each way, MODEL_INSTALL validates and activates or rejects
/// them, and a model that fails on the imager's scenes during probation is rolled back in the running pipeline.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ModelLifecycleProcessTests
{
    private const int SpacecraftId = 301;
    private static readonly byte[] Key = Convert.FromHexString("0F1E2D3C4B5A69788796A5B4C3D2E1F0FFEEDDCCBBAA99887766554433221100");
    private static readonly TimeSpan TransferLimit = TimeSpan.FromSeconds(30);
    private string directory = "";
    private string keyFile = "";
    private ushort nextTag = 100;

    [SetUp]
    public void CreateDirectory()
    {
        (directory, keyFile) = FlightProcess.CreateWorkspace("flight-lifecycle-", Key);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Packages_uploaded_over_lossy_CFDP_are_installed_or_rejected_and_a_model_failing_probation_is_rolled_back()
    {
        using GroundKey groundKey = GroundKey.Generate();
        File.WriteAllText(Path.Combine(directory, "ground.pub.pem"), groundKey.ExportPublicPem());
        PackageContents good = PackageFixtures.DefaultPackage(groundKey, PackageFixtures.DefaultManifestJson("2.0.0"));
        string goodPackage = PackageFixtures.WriteZip(good, directory, "good.zip");
        string badSignature = PackageFixtures.WriteZip(PackageFixtures.With(good, PackageSignature.FileName, ForgedSignature(good)), directory, "bad-signature.zip");
        string failsGolden = PackageFixtures.WriteZip(
            PackageFixtures.DefaultPackage(groundKey, PackageFixtures.DefaultManifestJson("2.1.0"), PackageFixtures.PerturbedOutput(groundKey, 0.25f)), directory, "fails-golden.zip");
        // Golden vectors exercise the model alone; the manifest asks the imager for a band it does not have, which only a scene shows.
        string manifestWithSwir = PackageFixtures.DefaultManifestJson("3.0.0").Replace("\"nir\"", "\"swir16\"", StringComparison.Ordinal);
        string failsOnScenes = PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(groundKey, manifestWithSwir), directory, "fails-on-scenes.zip");

        await using FlightProcess flight = FlightProcess.Start(directory, keyFile, SpacecraftId,
            """ "modelSlots": "slots", "groundKeyFile": "ground.pub.pem", "files": { "ackTimeoutSeconds": 1, "nakTimeoutSeconds": 1 } """);
        var ground = new CommandCltuEncoder(SpacecraftId, new TcKeyStore([new(1, Key)]), 1, firstSequenceNumber: 1);
        using var uploader = new FileUploader(
            new FileUploadOptions { SegmentLength = 256, AckTimeout = TimeSpan.FromSeconds(1), NakTimeout = TimeSpan.FromSeconds(1), DropRate = 0.1, DropSeed = 2026 },
            ground, flight.Send);
        flight.FilePdu += uploader.ReceiveFromPayload;
        await flight.WaitForAsync<IReadOnlyDictionary<ushort, double>>(_ => true, "housekeeping after boot");

        // A good package: every CFDP step and every validation step is reported, then it runs in the pipeline.
        ulong first = await UploadAsync(flight, uploader, goodPackage);
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.FileMetadata.Id, "FILE_METADATA");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.FileEof.Id, "FILE_EOF");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.FileReceived.Id && e.Text.Contains("good.zip", StringComparison.Ordinal), "FILE_RECEIVED");
        CommandAcknowledgement installed = await CommandAsync(flight, ground, FlightDictionary.ModelInstall, $"{first}");
        Assert.That(installed.Stage, Is.EqualTo(AcknowledgementStage.Completed), installed.Reason);
        foreach (string step in new[] { "PackageVerified", "ModelLoaded", "TensorsChecked", "GoldenVectorsPassed", "SlotWritten", "SlotActivated" })
        {
            await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelStep.Id && e.Text.StartsWith(step, StringComparison.Ordinal), $"MODEL_STEP {step}");
        }
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelInUse.Id && e.Text.Contains("slot A", StringComparison.Ordinal), "MODEL_IN_USE slot A");
        Assert.That(await SlotsAsync(flight, ground), Does.Contain("slot A: active payload-landcover 2.0.0"));
        Assert.That(uploader.PdusDropped, Is.GreaterThan(0), "the seeded loss dropped PDUs");

        // Rejected packages: the active model stays.
        foreach ((string package, string reason) in new[] { (badSignature, "(BadSignature)"), (failsGolden, "(GoldenMismatch)") })
        {
            ulong sequence = await UploadAsync(flight, uploader, package);
            CommandAcknowledgement rejected = await CommandAsync(flight, ground, FlightDictionary.ModelInstall, $"{sequence}");
            Assert.That(rejected.Stage, Is.EqualTo(AcknowledgementStage.Failed));
            Assert.That(rejected.Reason, Does.Contain(reason).And.Contain("slot A stays active"));
            await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelProblem.Id && e.Text.StartsWith("PackageRejected", StringComparison.Ordinal), "PackageRejected");
            Assert.That(await SlotsAsync(flight, ground), Does.Contain("slot A: active payload-landcover 2.0.0").And.Not.Contain("2.1.0"));
        }

        // A package that validates but fails on the first scene during probation: automatic roll-back in the running pipeline.
        ulong last = await UploadAsync(flight, uploader, failsOnScenes);
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.ModelInstall, $"{last}")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelStep.Id && e.Text.StartsWith("ProbationStarted", StringComparison.Ordinal), "ProbationStarted");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelInUse.Id && e.Text.Contains("slot B", StringComparison.Ordinal), "MODEL_IN_USE slot B");
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.SetMode, "OPERATE")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.ImageScenes, "1", "41")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        ReceivedEvent failed = await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.SceneFailed.Id, "SCENE_FAILED");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelProblem.Id && e.Text.StartsWith("RolledBack", StringComparison.Ordinal), "RolledBack");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelInUse.Id && e.Text.Contains("slot A", StringComparison.Ordinal), "MODEL_IN_USE slot A again");
        Assert.That(failed.Text, Does.Contain("swir16"));
        Assert.That(await SlotsAsync(flight, ground), Does.Contain("slot A: active payload-landcover 2.0.0"));

        // The restored model runs scenes again.
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.SetMode, "IDLE")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.SetMode, "OPERATE")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.ImageScenes, "1", "42")).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        ReceivedEvent processed = await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.SceneProcessed.Id, "SCENE_PROCESSED with slot A");
        Assert.That(processed.Text, Does.StartWith("scene seed 42:"));
        flight.ClearReceived();
        IReadOnlyDictionary<ushort, double> housekeeping = await flight.WaitForAsync<IReadOnlyDictionary<ushort, double>>(_ => true, "housekeeping at the end");
        Assert.That(housekeeping[FlightDictionary.ActiveModelChannel.Id], Is.EqualTo(1), "slot A");
        Assert.That(housekeeping[FlightDictionary.ModeChannel.Id], Is.EqualTo((double)FlightMode.Operate));
    }

    private static byte[] ForgedSignature(PackageContents package)
    {
        PackageSignature signature = PackageSignature.Parse(package.Files[PackageSignature.FileName]);
        byte[] bits = Convert.FromBase64String(signature.Signature);
        return new PackageSignature { KeyId = signature.KeyId, Signature = Convert.ToBase64String(PackageFixtures.FlipBit(bits, 3)) }.ToJsonBytes();
    }

    private static async Task<ulong> UploadAsync(FlightProcess flight, FileUploader uploader, string package)
    {
        ulong sequence = uploader.NextSequenceNumber;
        CfdpTransactionId id = uploader.Start(package, $"{sequence}-{Path.GetFileName(package)}");
        CfdpIndication end = await uploader.RunUntilDoneAsync(id, TransferLimit, CancellationToken.None);
        Assert.That(end.Kind, Is.EqualTo(CfdpIndicationKind.TransactionFinished), $"{end.Message}\nflight log:\n{flight.Log}");
        await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.FileReceived.Id && e.Text.Contains($"{sequence}-", StringComparison.Ordinal), $"FILE_RECEIVED of {package}");
        return id.SequenceNumber;
    }

    private async Task<CommandAcknowledgement> CommandAsync(FlightProcess flight, CommandCltuEncoder ground, CommandDefinition command, params string[] arguments)
    {
        ushort tag = nextTag++;
        await flight.SendAsync(ground.Encode(CommandCodec.Encode(command, tag, arguments)));
        return await flight.WaitForAsync<CommandAcknowledgement>(a => a.Tag == tag && a.Stage != AcknowledgementStage.Accepted, $"{command.Name} final acknowledgement");
    }

    private async Task<string> SlotsAsync(FlightProcess flight, CommandCltuEncoder ground)
    {
        flight.ClearReceived();
        Assert.That((await CommandAsync(flight, ground, FlightDictionary.ModelList)).Stage, Is.EqualTo(AcknowledgementStage.Completed));
        return (await flight.WaitForAsync<ReceivedEvent>(e => e.Id == FlightDictionary.ModelSlotsReport.Id, "MODEL_SLOTS")).Text;
    }
}
