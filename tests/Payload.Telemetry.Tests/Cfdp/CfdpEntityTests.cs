using System.Buffers.Binary;
using Payload.Telemetry.Cfdp;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Tests.TestUtilities;

namespace Payload.Telemetry.Tests.Cfdp;

// Each test builds its own pair of entities, clock and directories.
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class CfdpEntityTests : IDisposable
{
    private const ulong Ground = 1;
    private const ulong Flight = 2;

    private readonly ManualTimeProvider time = new();
    private readonly string root = Directory.CreateTempSubdirectory("payload-cfdp-").FullName;
    private readonly List<CfdpIndication> groundEvents = [];
    private readonly List<CfdpIndication> flightEvents = [];
    private LossyChannel up = new(1, 0);
    private LossyChannel down = new(2, 0);
    private ChannelPduSink upSink = null!;
    private CfdpEntity ground = null!;
    private CfdpEntity flight = null!;

    private string Staging => Path.Combine(root, "staging");

    public void Dispose()
    {
        ground?.Dispose();
        flight?.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private void CreatePair(int seed, double dropRate, double duplicateRate = 0, double swapRate = 0)
    {
        up = new LossyChannel(seed, dropRate, duplicateRate, swapRate);
        down = new LossyChannel(seed + 1000, dropRate, duplicateRate, swapRate);
        upSink = new ChannelPduSink(up);
        var common = new CfdpEntityOptions
        {
            EntityId = Ground,
            StagingDirectory = Path.Combine(root, "ground"),
            SegmentLength = 256,
            AckTimeout = TimeSpan.FromSeconds(2),
            NakTimeout = TimeSpan.FromSeconds(2),
            InactivityTimeout = TimeSpan.FromSeconds(60),
            FileDataPerPoll = 8,
        };
        ground = new CfdpEntity(common, upSink, time);
        flight = new CfdpEntity(common with { EntityId = Flight, StagingDirectory = Staging }, new ChannelPduSink(down), time);
    }

    private string WriteSourceFile(int length, int seed, string name = "model.onnx")
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        string path = Path.Combine(root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Runs both entities in 100 ms steps until the ground has finished every transaction or the step budget is spent.</summary>
    private void Run(int maxSteps = 4000, Action<int>? everyStep = null)
    {
        for (int step = 0; step < maxSteps; step++)
        {
            everyStep?.Invoke(step);
            ground.Poll();
            foreach (byte[] pdu in up.Drain())
            {
                flight.Receive(pdu);
            }

            flight.Poll();
            foreach (byte[] pdu in down.Drain())
            {
                ground.Receive(pdu);
            }

            Collect();
            if (ground.ActiveTransactionCount == 0 && flight.ActiveTransactionCount == 0)
            {
                return;
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The flight side's indications that end a transaction or a PDU, without the step indications.</summary>
    private IEnumerable<CfdpIndication> FlightOutcomes => flightEvents.Where(e =>
        e.Kind is CfdpIndicationKind.FileReceived or CfdpIndicationKind.Fault or CfdpIndicationKind.MalformedPdu or CfdpIndicationKind.TransactionFinished);

    private void Collect()
    {
        while (ground.TryGetIndication(out CfdpIndication? indication))
        {
            groundEvents.Add(indication);
        }

        while (flight.TryGetIndication(out CfdpIndication? indication))
        {
            flightEvents.Add(indication);
        }
    }

    [Test]
    public void Class_1_delivers_a_file_over_a_clean_link()
    {
        CreatePair(1, 0);
        string source = WriteSourceFile(10_000, 1);

        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Unacknowledged);
        Run();

        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "model.onnx")), Is.EqualTo(File.ReadAllBytes(source)));
        Assert.That(flightEvents.Select(e => e.Kind), Is.EqualTo(new[] { CfdpIndicationKind.MetadataReceived, CfdpIndicationKind.EofReceived, CfdpIndicationKind.FileReceived }));
        Assert.That(groundEvents.Select(e => e.Kind), Is.EqualTo(new[] { CfdpIndicationKind.TransactionFinished }));
    }

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    public void Class_1_with_lost_PDUs_never_stages_a_damaged_file(int seed)
    {
        CreatePair(seed, 0.1);
        string source = WriteSourceFile(20_000, seed);

        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Unacknowledged);
        Run();
        time.Advance(TimeSpan.FromSeconds(61));
        flight.Poll();
        Collect();

        string staged = Path.Combine(Staging, "model.onnx");
        if (File.Exists(staged))
        {
            Assert.That(File.ReadAllBytes(staged), Is.EqualTo(File.ReadAllBytes(source)));
        }
        else
        {
            Assert.That(FlightOutcomes.Single().Kind, Is.EqualTo(CfdpIndicationKind.Fault));
        }

        Assert.That(Directory.GetFiles(Staging, ".cfdp-*"), Is.Empty, "part files are removed");
    }

    [TestCase(21)]
    [TestCase(22)]
    [TestCase(23)]
    public void Class_2_delivers_identical_bytes_with_10_percent_of_PDUs_dropped(int seed)
    {
        CreatePair(seed, 0.1, duplicateRate: 0.02, swapRate: 0.05);
        string source = WriteSourceFile(60_000 + seed, seed);

        CfdpTransactionId id = ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);
        Run();

        Assert.That(up.Dropped + down.Dropped, Is.GreaterThan(0));
        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "model.onnx")), Is.EqualTo(File.ReadAllBytes(source)));
        Assert.That(flightEvents, Has.Exactly(1).Matches<CfdpIndication>(e => e.Kind == CfdpIndicationKind.FileReceived && e.Transaction == id));
        Assert.That(groundEvents, Has.Exactly(1).Matches<CfdpIndication>(e => e.Kind == CfdpIndicationKind.TransactionFinished && e.Transaction == id));
        Assert.That(ground.ActiveTransactionCount + flight.ActiveTransactionCount, Is.Zero);
    }

    [Test]
    public void Class_2_delivers_an_empty_file()
    {
        CreatePair(3, 0);
        string source = WriteSourceFile(0, 3);

        ground.Put(Flight, source, "empty.bin", CfdpTransmissionMode.Acknowledged);
        Run();

        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "empty.bin")), Is.Empty);
    }

    [Test]
    public void Class_2_transaction_survives_a_declared_outage_longer_than_every_timer_and_resumes()
    {
        CreatePair(31, 0.1);
        string source = WriteSourceFile(50_000, 31);
        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);

        Run(maxSteps: 4000, everyStep: step =>
        {
            if (step == 10)
            {
                up.IsCut = down.IsCut = true;
                ground.IsLinkAvailable = flight.IsLinkAvailable = false;
            }
            else if (step == 3000)
            {
                up.IsCut = down.IsCut = false;
                ground.IsLinkAvailable = flight.IsLinkAvailable = true;
            }
        });

        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "model.onnx")), Is.EqualTo(File.ReadAllBytes(source)));
        Assert.That(groundEvents.Concat(flightEvents).Where(e => e.Kind == CfdpIndicationKind.Fault), Is.Empty);
        Assert.That(flightEvents.Select(e => e.Kind), Does.Contain(CfdpIndicationKind.Suspended).And.Contain(CfdpIndicationKind.Resumed));
        Assert.That(flightEvents.Single(e => e.Kind == CfdpIndicationKind.Resumed).Message, Does.Contain("1 transactions resumed"));
    }

    [Test]
    public void Lost_data_is_asked_for_with_a_NAK_that_is_indicated()
    {
        CreatePair(41, 0.1);
        string source = WriteSourceFile(30_000, 41);
        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);

        Run();

        Assert.That(flightEvents.Select(e => e.Kind), Does.Contain(CfdpIndicationKind.NakSent));
        Assert.That(flightEvents.First(e => e.Kind == CfdpIndicationKind.NakSent).Message, Does.Match("NAK 1 for [0-9]+ missing segments"));
        Assert.That(flightEvents.Last().Kind, Is.EqualTo(CfdpIndicationKind.FileReceived));
    }

    [Test]
    public void Transactions_are_numbered_from_the_configured_first_sequence_number()
    {
        using var entity = new CfdpEntity(new CfdpEntityOptions { EntityId = 1, StagingDirectory = Staging, FirstSequenceNumber = 70_000 }, new CfdpDiscard(), time);
        string source = WriteSourceFile(100, 1);

        Assert.That(entity.NextSequenceNumber, Is.EqualTo(70_000));
        Assert.That(entity.Put(Flight, source, "a.bin", CfdpTransmissionMode.Acknowledged), Is.EqualTo(new CfdpTransactionId(1, 70_000)));
        Assert.That(entity.NextSequenceNumber, Is.EqualTo(70_001));
        Assert.That(() => new CfdpEntity(new CfdpEntityOptions { EntityId = 1, StagingDirectory = Staging, SequenceNumberLength = 1, FirstSequenceNumber = 256 }, new CfdpDiscard(), time),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("does not fit in 1 octets"));
    }

    private sealed class CfdpDiscard : ICfdpPduSink
    {
        public void Send(ReadOnlySpan<byte> pdu)
        {
        }
    }

    [Test]
    public void Class_2_transaction_recovers_from_an_unannounced_outage_within_its_limits()
    {
        CreatePair(41, 0.1);
        string source = WriteSourceFile(50_000, 41);
        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);

        Run(maxSteps: 4000, everyStep: step => up.IsCut = down.IsCut = step is >= 5 and < 150);

        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "model.onnx")), Is.EqualTo(File.ReadAllBytes(source)));
    }

    [Test]
    public void Wrong_checksum_in_EOF_is_rejected_on_both_sides_and_nothing_is_staged()
    {
        CreatePair(5, 0);
        upSink.Rewrite = pdu => pdu[0] == 0x22 && pdu.Length > 12 && pdu[12] == (byte)CfdpDirectiveCode.Eof ? CorruptChecksum(pdu) : pdu;
        string source = WriteSourceFile(5_000, 5);

        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);
        Run();

        Assert.That(File.Exists(Path.Combine(Staging, "model.onnx")), Is.False);
        Assert.That(Directory.GetFiles(Staging), Is.Empty);
        CfdpIndication fault = FlightOutcomes.Single();
        Assert.That((fault.Kind, fault.Condition), Is.EqualTo((CfdpIndicationKind.Fault, CfdpConditionCode.FileChecksumFailure)));
        Assert.That(fault.Message, Does.Contain("checksum 0x"));
        Assert.That(groundEvents.Single().Condition, Is.EqualTo(CfdpConditionCode.FileChecksumFailure));
    }

    private static byte[] CorruptChecksum(byte[] pdu)
    {
        pdu[14] ^= 0xFF; // first checksum octet after header (12), directive code and condition
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(pdu.Length - 2), Crc16Ccitt.Compute(pdu.AsSpan(0, pdu.Length - 2)));
        return pdu;
    }

    [Test]
    public void Malformed_PDUs_are_reported_and_ignored_while_the_transfer_completes()
    {
        CreatePair(6, 0);
        string source = WriteSourceFile(5_000, 6);
        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);

        Run(everyStep: step =>
        {
            if (step == 2)
            {
                flight.Receive([]);
                flight.Receive([0x20, 0xFF, 0xFF, 0x11, 1, 2, 3]);
                flight.Receive([0xE0, 0x00, 0x01, 0x11, 0, 1, 0, 2, 0x04]);
            }
        });

        Assert.That(File.ReadAllBytes(Path.Combine(Staging, "model.onnx")), Is.EqualTo(File.ReadAllBytes(source)));
        Assert.That(flightEvents.Count(e => e.Kind == CfdpIndicationKind.MalformedPdu), Is.EqualTo(3));
        Assert.That(flightEvents.Where(e => e.Kind == CfdpIndicationKind.MalformedPdu).Select(e => e.Message), Has.Some.Contains("Version"));
    }

    [Test]
    public void PDU_for_another_entity_is_reported_and_ignored()
    {
        CreatePair(7, 0);
        var buffer = new byte[64];
        var header = new CfdpPduHeader(false, false, CfdpTransmissionMode.Acknowledged, true, false, 2, 4, Ground, 99, 77);
        int length = CfdpPduWriter.Eof(header, CfdpConditionCode.NoError, 0, 0, buffer);

        flight.Receive(buffer.AsSpan(0, length));
        Collect();

        Assert.That(FlightOutcomes.Single().Message, Does.Contain("77"));
        Assert.That(flight.ActiveTransactionCount, Is.Zero);
    }

    [TestCase("../outside.onnx")]
    [TestCase("sub/dir.onnx")]
    [TestCase("..")]
    public void Destination_names_that_leave_the_staging_directory_are_refused(string name)
    {
        CreatePair(8, 0);
        string source = WriteSourceFile(1_000, 8);

        ground.Put(Flight, source, name, CfdpTransmissionMode.Acknowledged);
        Run();

        Assert.That(FlightOutcomes.Single().Condition, Is.EqualTo(CfdpConditionCode.FilestoreRejection));
        Assert.That(File.Exists(Path.Combine(root, "outside.onnx")), Is.False);
        Assert.That(Directory.GetFiles(Staging, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void Silent_receiver_makes_the_sender_give_up_at_the_ACK_limit()
    {
        CreatePair(9, 0);
        up.IsCut = true;
        string source = WriteSourceFile(1_000, 9);

        ground.Put(Flight, source, "model.onnx", CfdpTransmissionMode.Acknowledged);
        Run();

        Assert.That(groundEvents.Single().Condition, Is.EqualTo(CfdpConditionCode.PositiveAckLimitReached));
    }

    [Test]
    public void File_data_beyond_the_announced_size_abandons_the_transaction()
    {
        CreatePair(10, 0);
        var buffer = new byte[128];
        var header = new CfdpPduHeader(false, false, CfdpTransmissionMode.Unacknowledged, true, false, 2, 4, Ground, 5, Flight);
        flight.Receive(buffer.AsSpan(0, CfdpPduWriter.Metadata(header, 10, "a", "a.bin", buffer)));
        flight.Receive(buffer.AsSpan(0, CfdpPduWriter.FileData(header with { IsFileData = true }, 8, [1, 2, 3, 4], buffer)));
        Collect();

        CfdpIndication fault = FlightOutcomes.Single();
        Assert.That(fault.Condition, Is.EqualTo(CfdpConditionCode.FileSizeError));
        Assert.That(fault.Message, Does.Contain("12").And.Contain("10 octets"));
        Assert.That(Directory.GetFiles(Staging), Is.Empty);
    }
}
