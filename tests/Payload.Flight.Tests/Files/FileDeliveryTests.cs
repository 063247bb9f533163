using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Models;
using Payload.Flight.Commanding;
using Payload.Flight.Tests.Support;
using Payload.Inference.Packages;
using Payload.Inference.Tests.Packages;
using Payload.Telemetry.Cfdp;
using Payload.Telemetry.Security;

namespace Payload.Flight.Tests.Files;

/// <summary>
/// The executive's CFDP entity on the simulated clock: a ground entity's PDUs go up through the whole uplink chain on
/// the file VC, the payload's come back from the CFDP APID; seeded loss in both directions.
/// </summary>
public sealed class FileDeliveryTests
{
    private const ulong GroundEntity = 1;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private GroundKey key = null!;
    private string packages = "";
    private FlightBench bench = null!;
    private CfdpEntity ground = null!;
    private Random loss = null!;
    private double lossRate;
    private int downlinkRead;
    private readonly List<CfdpIndication> groundIndications = [];

    [OneTimeSetUp]
    public void BuildPackages()
    {
        key = GroundKey.Generate();
        packages = Directory.CreateTempSubdirectory("file-delivery-packages-").FullName;
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(key, PackageFixtures.DefaultManifestJson("1.0.0")), packages, "v1.zip");
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(key, PackageFixtures.DefaultManifestJson("2.0.0")), packages, "v2.zip");
    }

    [OneTimeTearDown]
    public void DeletePackages()
    {
        key.Dispose();
        Directory.Delete(packages, recursive: true);
    }

    [TearDown]
    public void DisposeBench()
    {
        ground.Dispose();
        bench.Dispose();
    }

    private void CreateBench(double rate, int seed, FileDeliveryConfiguration? files = null)
    {
        bench = new FlightBench(new FlightConfiguration { Files = files ?? new FileDeliveryConfiguration { AckTimeoutSeconds = 1, NakTimeoutSeconds = 1 } });
        bench.Executive.Start();
        loss = new Random(seed);
        lossRate = rate;
        downlinkRead = 0;
        groundIndications.Clear();
        ground = new CfdpEntity(
            new CfdpEntityOptions
            {
                EntityId = GroundEntity, StagingDirectory = Path.Combine(bench.StateDirectory, "ground"), SegmentLength = 256, FirstSequenceNumber = 5000,
                AckTimeout = TimeSpan.FromSeconds(1), NakTimeout = TimeSpan.FromSeconds(1),
            },
            new UplinkSink(this),
            bench.Clock);
    }

    private bool Lost() => lossRate > 0 && loss.NextDouble() < lossRate;

    /// <summary>Runs ground and payload in 100 ms steps until the ground's transaction ends.</summary>
    private CfdpIndication RunUntilDone(CfdpTransactionId id, Action<int>? everyStep = null, int maxSteps = 3000)
    {
        for (int step = 0; step < maxSteps; step++)
        {
            everyStep?.Invoke(step);
            ground.Poll();
            bench.Advance(Step);
            List<(ApidDefinition Apid, byte[] Data)> packets = bench.Sink.Packets;
            for (; downlinkRead < packets.Count; downlinkRead++)
            {
                if (packets[downlinkRead].Apid == FlightDictionary.CfdpApid && !Lost())
                {
                    ground.Receive(packets[downlinkRead].Data);
                }
            }
            while (ground.TryGetIndication(out CfdpIndication? indication))
            {
                groundIndications.Add(indication);
                if (indication.Transaction == id && indication.Kind is CfdpIndicationKind.TransactionFinished or CfdpIndicationKind.Fault)
                {
                    return indication;
                }
            }
        }
        throw new AssertionException($"transaction {id} did not end within {maxSteps} steps");
    }

    private IEnumerable<string> EventNames => bench.Sink.Events.Select(e => FlightDictionary.Events.Single(d => d.Id == e.Id).Name);

    [TestCase(1)]
    [TestCase(2)]
    public void Package_sent_with_ten_percent_loss_is_staged_and_MODEL_INSTALL_activates_it(int seed)
    {
        CreateBench(0.1, seed);
        ModelSlots slots = bench.UseModelSlots(key);
        var swaps = new List<string?>();
        bench.Executive.ModelSwap = () =>
        {
            swaps.Add(slots.ActiveModelPath);
            return "swapped";
        };

        CfdpTransactionId id = ground.Put(bench.Configuration.Files.EntityId, Path.Combine(packages, "v1.zip"), "5000-v1.zip", CfdpTransmissionMode.Acknowledged);
        CfdpIndication end = RunUntilDone(id);

        Assert.That(end.Kind, Is.EqualTo(CfdpIndicationKind.TransactionFinished), end.Message);
        string staged = Path.Combine(bench.StateDirectory, "staging", "5000-v1.zip");
        Assert.That(File.ReadAllBytes(staged), Is.EqualTo(File.ReadAllBytes(Path.Combine(packages, "v1.zip"))));
        Assert.That(EventNames, Does.Contain("FILE_METADATA").And.Contain("FILE_EOF").And.Contain("FILE_NAK").And.Contain("FILE_RECEIVED"));
        Assert.That(bench.Sink.Events.Single(e => e.Id == FlightDictionary.FileReceived.Id).Text, Does.Contain("5000-v1.zip"));

        ushort tag = bench.Send("MODEL_INSTALL", "5000");
        bench.Advance(Step);

        Assert.That(bench.AcknowledgementsFor(tag).Last().Stage, Is.EqualTo(AcknowledgementStage.Completed), bench.AcknowledgementsFor(tag).Last().Reason);
        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(File.Exists(staged), Is.False, "the staged copy is discarded once installed");
        Assert.That(swaps, Is.EqualTo(new[] { slots.ActiveModelPath }), "the pipeline was handed the new model once");
        Assert.That(bench.Sink.Events.Where(e => e.Id == FlightDictionary.ModelInUse.Id).Select(e => e.Text), Is.EqualTo(new[] { "scene pipeline now runs swapped" }));
    }

    [Test]
    public void MODEL_INSTALL_of_a_transaction_that_staged_nothing_fails_and_names_what_is_staged()
    {
        CreateBench(0, 1);
        bench.UseModelSlots(key);
        CfdpTransactionId id = ground.Put(bench.Configuration.Files.EntityId, Path.Combine(packages, "v1.zip"), "v1.zip", CfdpTransmissionMode.Acknowledged);
        RunUntilDone(id);

        ushort tag = bench.Send("MODEL_INSTALL", "4999");

        CommandAcknowledgement last = bench.AcknowledgementsFor(tag).Last();
        Assert.That(last.Stage, Is.EqualTo(AcknowledgementStage.Failed));
        Assert.That(last.Reason, Is.EqualTo("no file staged by CFDP transaction 4999; staged: 5000 v1.zip"));
        Assert.That(bench.Executive.Models!.Store.Active, Is.Null);
    }

    [Test]
    public void MODEL_INSTALL_without_model_slots_fails()
    {
        CreateBench(0, 1);

        ushort tag = bench.Send("MODEL_INSTALL", "1");

        Assert.That(bench.AcknowledgementsFor(tag).Last().Reason, Does.StartWith("no model slots configured"));
    }

    [Test]
    public void Transaction_survives_a_link_outage_longer_than_its_timers_and_resumes()
    {
        CreateBench(0, 1, new FileDeliveryConfiguration { AckTimeoutSeconds = 1, NakTimeoutSeconds = 1, InactivityTimeoutSeconds = 10 });
        bool cut = false;
        CfdpTransactionId id = ground.Put(bench.Configuration.Files.EntityId, Path.Combine(packages, "v2.zip"), "v2.zip", CfdpTransmissionMode.Acknowledged);

        CfdpIndication end = RunUntilDone(id, step =>
        {
            if (step == 1)
            {
                cut = true;
                lossRate = 1;
                ground.IsLinkAvailable = bench.Executive.Files!.IsLinkAvailable = false;
            }
            else if (step == 600 && cut)
            {
                lossRate = 0;
                ground.IsLinkAvailable = bench.Executive.Files!.IsLinkAvailable = true;
            }
        });

        Assert.That(end.Kind, Is.EqualTo(CfdpIndicationKind.TransactionFinished), end.Message);
        Assert.That(File.ReadAllBytes(Path.Combine(bench.StateDirectory, "staging", "v2.zip")), Is.EqualTo(File.ReadAllBytes(Path.Combine(packages, "v2.zip"))));
        Assert.That(EventNames, Does.Contain("FILE_SUSPENDED").And.Contain("FILE_RESUMED").And.Not.Contain("FILE_FAULT"));
    }

    [Test]
    public void Forged_file_frames_are_rejected_by_authentication_and_never_reach_the_entity()
    {
        CreateBench(0, 1);
        var forger = new CommandCltuEncoder(bench.Configuration.SpacecraftId, new TcKeyStore([new(FlightBench.Spi, new byte[32])]), FlightBench.Spi, 1);

        bench.Executive.ReceiveCltu(forger.EncodeFilePdu([0x24, 0x00, 0x05, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x07, 0x00, 0x00]));

        Assert.That(EventNames, Does.Contain("UPLINK_BAD_MAC"));
        Assert.That(bench.Executive.Files!.PdusReceived, Is.Zero);
    }

    [TestCase(new byte[] { 0xFF }, TestName = "One octet")]
    [TestCase(new byte[] { 0xE0, 0x00, 0x00, 0x11, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02 }, TestName = "Wrong CFDP version")]
    public void Malformed_PDUs_on_the_file_VC_are_reported_and_ignored(byte[] pdu)
    {
        CreateBench(0, 1);

        bench.Executive.ReceiveCltu(bench.Ground.EncodeFilePdu(pdu));

        Assert.That(EventNames, Does.Contain("FILE_PDU_REJECTED"));
        Assert.That(bench.Executive.Files!.ActiveTransactions, Is.Zero);
    }

    [Test]
    public void Model_that_does_not_load_into_the_pipeline_during_probation_is_rolled_back()
    {
        CreateBench(0, 1);
        ModelSlots slots = bench.UseModelSlots(key);
        Assert.That(slots.Install(Path.Combine(packages, "v1.zip")).Succeeded, Is.True);
        bench.Executive.ModelSwap = () => slots.Store.Active == SlotName.B ? throw new InvalidOperationException("model B does not fit the pipeline") : "slot A";
        bench.Advance(Step);
        bench.Sink.Clear();

        Assert.That(slots.Install(Path.Combine(packages, "v2.zip")).Succeeded, Is.True);
        bench.Advance(Step);

        Assert.That(slots.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(bench.Sink.Events.Where(e => e.Id == FlightDictionary.ModelProblem.Id).Select(e => e.Text),
            Has.Some.Contains("model B does not fit the pipeline").And.Some.StartsWith("RolledBack"));
        Assert.That(bench.Sink.Events.Last(e => e.Id == FlightDictionary.ModelInUse.Id).Text, Is.EqualTo("scene pipeline now runs slot A"));
    }

    private sealed class UplinkSink(FileDeliveryTests test) : ICfdpPduSink
    {
        public void Send(ReadOnlySpan<byte> pdu)
        {
            if (!test.Lost())
            {
                test.bench.Executive.ReceiveCltu(test.bench.Ground.EncodeFilePdu(pdu));
            }
        }
    }
}
