using Payload.Flight.Commanding;
using Payload.Telemetry.Cfdp;
using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.Flight.Models;
using Payload.Inference.Packages;
using Payload.Inference.Tests.Packages;
using Payload.Flight.Tests.Support;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Tests.Commanding;

public sealed class CommandUplinkTests
{
    private static GroundKey groundKey = null!;
    private static string staging = "";

    // Per command: arguments, set-up before sending, the mode to be in, the final acknowledgement and the effect.
    private static readonly Dictionary<string, (string[] Arguments, Action<FlightBench>? Setup, FlightMode Mode, Func<FlightBench, bool> Effect)> Cases = new()
    {
        ["NOOP"] = ([], null, FlightMode.Idle, _ => true),
        ["SET_MODE"] = (["OPERATE"], null, FlightMode.Idle, b => b.Executive.Modes.Mode == FlightMode.Operate),
        ["CLEAR_FAULTS"] = ([], b => b.Executive.RecordFault("test", "one"), FlightMode.Idle, b => b.Executive.Faults.Count == 0),
        ["SET_HOUSEKEEPING_RATE"] = (["5"], null, FlightMode.Idle, b => b.Executive.Scheduler.Groups.Single(g => g.Name == "housekeeping").Period == TimeSpan.FromSeconds(0.2)),
        ["SET_TILE_RATE_LIMIT"] = (["2.5"], null, FlightMode.Idle, b => b.Executive.AllowedTileRate == 2.5),
        ["IMAGE_SCENES"] = (["2", "100"], b => b.UseScenes(), FlightMode.Operate, b => b.Executive.QueuedScenes == 2),
        ["CLEAR_RESET_HISTORY"] = ([], null, FlightMode.Idle, b => b.Executive.BootState.RecentBoots.Count == 0),
        ["MODEL_LIST"] = ([], b => Install(b, ("v1.zip", true)), FlightMode.Idle,
            b => b.Sink.Events.Any(e => e.Id == FlightDictionary.ModelSlotsReport.Id && e.Text.Contains("1.0.0", StringComparison.Ordinal))),
        ["MODEL_ACTIVATE"] = (["B"], b => Install(b, ("v1.zip", true), ("v2.zip", false)), FlightMode.Idle, b => b.Executive.Models!.Store.Active == SlotName.B),
        ["MODEL_ROLLBACK"] = ([], b => Install(b, ("v1.zip", true), ("v2.zip", true)), FlightMode.Idle, b => b.Executive.Models!.Store.Active == SlotName.A),
        ["MODEL_DELETE"] = (["B"], b => Install(b, ("v1.zip", true), ("v2.zip", false)), FlightMode.Idle,
            b => b.Executive.Models!.Store.List().Single(s => s.Slot == SlotName.B).State == SlotState.Empty),
        ["MODEL_INSTALL"] = (["77"], b => StageByCfdp(b, "v1.zip", 77), FlightMode.Idle, b => b.Executive.Models!.Store.Active == SlotName.A),
        ["RESEND_TILES"] = (["100", "2", "3"], b => b.UseScenes(), FlightMode.Operate, b => b.Scenes!.QueuedResends == 1),
    };

    [OneTimeSetUp]
    public static void BuildPackages()
    {
        groundKey = GroundKey.Generate();
        staging = Directory.CreateTempSubdirectory("flight-packages-").FullName;
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(groundKey, PackageFixtures.DefaultManifestJson("1.0.0")), staging, "v1.zip");
        PackageFixtures.WriteZip(PackageFixtures.DefaultPackage(groundKey, PackageFixtures.DefaultManifestJson("2.0.0")), staging, "v2.zip");
    }

    [OneTimeTearDown]
    public static void DeletePackages()
    {
        groundKey.Dispose();
        Directory.Delete(staging, recursive: true);
    }

    private static void Install(FlightBench bench, params (string Package, bool Activate)[] packages)
    {
        ModelSlots slots = bench.UseModelSlots(groundKey);
        foreach ((string package, bool activate) in packages)
        {
            SlotCommandResult result = slots.Install(Path.Combine(staging, package), activate);
            Assert.That(result.Succeeded, Is.True, result.Message);
        }
    }

    /// <summary>Opens the slots and sends <paramref name="package"/> up the file VC in CFDP transaction <paramref name="sequence"/> (class 1, clean link).</summary>
    private static void StageByCfdp(FlightBench bench, string package, ulong sequence)
    {
        bench.UseModelSlots(groundKey);
        var sink = new FileVcSink(bench);
        using var ground = new CfdpEntity(new CfdpEntityOptions { EntityId = 1, StagingDirectory = Path.Combine(bench.StateDirectory, "ground"), FirstSequenceNumber = sequence }, sink, bench.Clock);
        ground.Put(bench.Configuration.Files.EntityId, Path.Combine(staging, package), package, CfdpTransmissionMode.Unacknowledged);
        while (ground.ActiveTransactionCount > 0)
        {
            ground.Poll();
        }
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.FileReceived.Id));
    }

    private sealed class FileVcSink(FlightBench bench) : ICfdpPduSink
    {
        public void Send(ReadOnlySpan<byte> pdu) => bench.Executive.ReceiveCltu(bench.Ground.EncodeFilePdu(pdu));
    }

    private static IEnumerable<string> CommandNames => FlightDictionary.Commands.Select(c => c.Name);

    [Test]
    public void Every_command_in_the_dictionary_has_a_case_and_a_handler()
    {
        Assert.That(Cases.Keys, Is.EquivalentTo(CommandNames));
        using var bench = new FlightBench();
        Assert.That(bench.Executive.Dispatcher.HandlesAll(FlightDictionary.Commands), Is.True);
    }

    [TestCaseSource(nameof(CommandNames))]
    public void Command_sent_through_the_uplink_is_accepted_and_completed(string name)
    {
        (string[] arguments, Action<FlightBench>? setup, FlightMode mode, Func<FlightBench, bool> effect) = Cases[name];
        using var bench = new FlightBench();
        bench.Executive.Start();
        setup?.Invoke(bench);
        if (mode == FlightMode.Operate)
        {
            bench.Executive.Modes.Request(FlightMode.Operate, "test");
        }

        ushort tag = bench.Send(name, arguments);

        Assert.That(bench.AcknowledgementsFor(tag).Select(a => a.Stage), Is.EqualTo(new[] { AcknowledgementStage.Accepted, AcknowledgementStage.Completed }),
            string.Join("; ", bench.AcknowledgementsFor(tag)));
        Assert.That(bench.AcknowledgementsFor(tag).All(a => a.Opcode == FlightDictionary.Document.Command(name).Opcode), Is.True);
        Assert.That(effect(bench), Is.True, "the command had its effect");
    }

    [Test]
    public void Model_commands_without_slots_fail_with_the_reason()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();

        ushort tag = bench.Send("MODEL_ROLLBACK");

        Assert.That(bench.AcknowledgementsFor(tag).Last(), Is.EqualTo(new CommandAcknowledgement(FlightDictionary.ModelRollBack.Opcode, tag,
            AcknowledgementStage.Failed, "no model slots configured: the built-in default model is in use")));
    }

    [Test]
    public void Deleting_the_active_slot_fails_with_the_slot_store_reason_and_emits_events()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        Install(bench, ("v1.zip", true));

        ushort tag = bench.Send("MODEL_DELETE", "A");

        Assert.That(bench.AcknowledgementsFor(tag).Last().Stage, Is.EqualTo(AcknowledgementStage.Failed));
        Assert.That(bench.AcknowledgementsFor(tag).Last().Reason, Is.Not.Empty);
        Assert.That(bench.Executive.Models!.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.ModelStep.Id));
    }

    [Test]
    public void A_failing_scene_during_probation_rolls_the_model_back()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        Install(bench, ("v1.zip", true), ("v2.zip", true));
        bench.UseScenes();
        bench.Board.Simulation!.Camera(bench.Board.Imagers.Keys.Single()).FailNextCapture("sensor readout timed out");
        bench.Send("SET_MODE", "OPERATE");

        bench.Send("IMAGE_SCENES", "1", "1");
        bench.Advance(TimeSpan.FromMilliseconds(10));

        Assert.That(bench.Executive.Models!.Store.Active, Is.EqualTo(SlotName.A));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.ModelProblem.Id));
        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Safe));
    }

    [Test]
    public void Refused_mode_change_fails_with_the_reason()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();

        ushort tag = bench.Send("SET_MODE", "BOOT");

        CommandAcknowledgement last = bench.AcknowledgementsFor(tag).Last();
        Assert.That(last.Stage, Is.EqualTo(AcknowledgementStage.Failed));
        Assert.That(last.Reason, Is.EqualTo("no transition from Idle to Boot"));
    }

    [Test]
    public void Image_scenes_outside_operate_fails_with_the_reason()
    {
        using var bench = new FlightBench();
        bench.UseScenes();
        bench.Executive.Start();

        ushort tag = bench.Send("IMAGE_SCENES", "1", "1");

        Assert.That(bench.AcknowledgementsFor(tag).Last().Reason, Is.EqualTo("IMAGE_SCENES needs OPERATE, mode is Idle"));
    }

    [Test]
    public void Unknown_opcode_is_rejected_with_the_reason()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();

        bench.Executive.ReceiveCltu(bench.Ground.Encode([0x12, 0x34, 0x00, 0x09]));

        CommandAcknowledgement ack = bench.Sink.Acknowledgements.Single();
        Assert.That(ack, Is.EqualTo(new CommandAcknowledgement(0x1234, 9, AcknowledgementStage.Rejected, "unknown opcode 0x1234")));
    }

    [Test]
    public void Sequenced_type_ad_commands_go_through_farm_in_order()
    {
        using var bench = new FlightBench();
        bench.Executive.Start();
        byte[] noop = CommandCodec.Encode(FlightDictionary.Noop, 1, []);

        bench.Executive.ReceiveCltu(bench.Ground.Encode(noop, TcFrameType.Ad, 0));
        bench.Executive.ReceiveCltu(bench.Ground.Encode(noop, TcFrameType.Ad, 2));
        bench.Executive.ReceiveCltu(bench.Ground.Encode(noop, TcFrameType.Ad, 1));

        Assert.That(bench.Sink.Acknowledgements.Count(a => a.Stage == AcknowledgementStage.Completed), Is.EqualTo(2));
        Assert.That(bench.Executive.Clcw.ReportValue, Is.EqualTo(2));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Does.Contain(FlightDictionary.FarmRejected.Id));
    }

    // ---- security: each rejection has its own event and nothing executes ----

    private static FlightBench Booted()
    {
        var bench = new FlightBench();
        bench.Executive.Start();
        bench.Sink.Clear();
        return bench;
    }

    private static void AssertRejected(FlightBench bench, EventDefinition expected)
    {
        Assert.That(bench.Sink.Acknowledgements, Is.Empty, "nothing was executed");
        Assert.That(bench.Executive.Modes.Mode, Is.EqualTo(FlightMode.Idle));
        Assert.That(bench.Sink.Events.Select(e => e.Id), Is.EqualTo(new[] { expected.Id }), string.Join("; ", bench.Sink.Events.Select(e => e.Text)));
    }

    [Test]
    public void Forged_hmac_is_rejected_as_bad_mac()
    {
        using FlightBench bench = Booted();
        var forger = new CommandCltuEncoder(bench.Configuration.SpacecraftId, new TcKeyStore([new(FlightBench.Spi, new byte[32])]), FlightBench.Spi, 1);

        bench.Executive.ReceiveCltu(forger.Encode(CommandCodec.Encode(FlightDictionary.SetMode, 1, ["OPERATE"])));

        AssertRejected(bench, FlightDictionary.BadMac);
    }

    [Test]
    public void Tampered_frame_with_a_recomputed_crc_is_rejected_as_bad_mac()
    {
        using FlightBench bench = Booted();
        var signer = new TcFrameSigner(new TcFrameFormat(bench.Configuration.SpacecraftId), bench.Keys, FlightBench.Spi, new TcSecurityOptions());
        byte[] data = CommandCodec.Encode(FlightDictionary.SetMode, 1, ["SAFE"]);
        var frame = new byte[signer.GetFrameLength(TcFrameType.Bd, data.Length)];
        int length = signer.Write(new TcFrameHeader(TcFrameType.Bd, 0, 0), data, frame);
        frame[6 + 6 + 4] = 3; // SAFE -> OPERATE inside the signed data (after primary + segment header + security header + opcode/tag)
        ushort crc = Payload.Telemetry.Frames.Crc16Ccitt.Compute(frame.AsSpan(0, length - 2));
        frame[length - 2] = (byte)(crc >> 8);
        frame[length - 1] = (byte)crc;
        var cltu = new byte[CltuEncoder.GetCltuLength(length)];
        new CltuEncoder().Encode(frame.AsSpan(0, length), cltu);

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.BadMac);
    }

    [Test]
    public void Replayed_sequence_number_is_rejected_as_replayed()
    {
        using FlightBench bench = Booted();
        byte[] cltu = bench.CommandCltu("NOOP", 1);
        bench.Executive.ReceiveCltu(cltu);
        bench.Sink.Clear();

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.Replayed);
    }

    [Test]
    public void Replay_protection_survives_a_reset()
    {
        string directory = Directory.CreateTempSubdirectory("flight-replay-").FullName;
        try
        {
            byte[] cltu;
            using (var first = new FlightBench(stateDirectory: directory))
            {
                first.Executive.Start();
                cltu = first.CommandCltu("NOOP", 1);
                first.Executive.ReceiveCltu(cltu);
            }
            using var second = new FlightBench(stateDirectory: directory);
            second.Executive.Start();
            second.Sink.Clear();

            second.Executive.ReceiveCltu(cltu);

            AssertRejected(second, FlightDictionary.Replayed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Wrong_spi_is_rejected_as_unknown_spi()
    {
        using FlightBench bench = Booted();
        var other = new CommandCltuEncoder(bench.Configuration.SpacecraftId, new TcKeyStore([new(7, FlightBench.Key)]), 7, 1);

        bench.Executive.ReceiveCltu(other.Encode(CommandCodec.Encode(FlightDictionary.Noop, 1, [])));

        AssertRejected(bench, FlightDictionary.UnknownSpi);
    }

    [Test]
    public void Frame_without_security_header_is_rejected_as_unauthenticated()
    {
        using FlightBench bench = Booted();
        var plain = new TcFrameEncoder(new TcFrameFormat(bench.Configuration.SpacecraftId));
        byte[] data = [0x00, 0x01];
        var frame = new byte[64];
        int length = plain.Write(new TcFrameHeader(TcFrameType.Bd, 0, 0), data, frame);
        var cltu = new byte[CltuEncoder.GetCltuLength(length)];
        new CltuEncoder().Encode(frame.AsSpan(0, length), cltu);

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.Unauthenticated);
    }

    [Test]
    public void Truncated_frame_is_rejected_as_truncated()
    {
        using FlightBench bench = Booted();
        byte[] full = bench.CommandCltu("NOOP", 1);
        // Decode the frame back out, cut it short but keep its length field, and re-wrap it.
        var decoded = new byte[full.Length];
        CltuDecodeResult result = new CltuDecoder().Decode(full, decoded);
        var cut = decoded.AsSpan(0, result.DataLength - 10).ToArray();
        var cltu = new byte[CltuEncoder.GetCltuLength(cut.Length)];
        new CltuEncoder().Encode(cut, cltu);

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.FrameTruncated);
    }

    [Test]
    public void One_bit_error_per_codeblock_is_corrected_and_executed()
    {
        using FlightBench bench = Booted();
        byte[] cltu = bench.CommandCltu("NOOP", 4);
        for (int codeblock = 0; 2 + (codeblock * 8) + 8 < cltu.Length - 8; codeblock++)
        {
            cltu[2 + (codeblock * 8) + (codeblock % 7)] ^= 0x10;
        }

        bench.Executive.ReceiveCltu(cltu);

        Assert.That(bench.Sink.Acknowledgements.Last().Stage, Is.EqualTo(AcknowledgementStage.Completed));
    }

    [Test]
    public void Bit_errors_beyond_bch_correction_are_rejected_as_uncorrectable()
    {
        using FlightBench bench = Booted();
        byte[] cltu = bench.CommandCltu("SET_MODE", 1, "OPERATE");
        cltu[2 + 8 + 1] ^= 0x81;

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.BchUncorrectable);
    }

    [Test]
    public void Missing_start_sequence_is_rejected_as_a_bad_cltu()
    {
        using FlightBench bench = Booted();
        byte[] cltu = bench.CommandCltu("NOOP", 1);
        cltu[0] = 0x00;

        bench.Executive.ReceiveCltu(cltu);

        AssertRejected(bench, FlightDictionary.CltuRejected);
    }

    [Test]
    public void Wrong_spacecraft_id_is_rejected_as_an_invalid_frame()
    {
        using FlightBench bench = Booted();
        var other = new CommandCltuEncoder((ushort)(bench.Configuration.SpacecraftId + 1), bench.Keys, FlightBench.Spi, 1);

        bench.Executive.ReceiveCltu(other.Encode(CommandCodec.Encode(FlightDictionary.Noop, 1, [])));

        AssertRejected(bench, FlightDictionary.FrameInvalid);
    }

    [Test]
    public void Random_and_mutated_cltus_never_execute_a_forgery_and_the_executive_stays_up()
    {
        using FlightBench bench = Booted();
        var random = new Random(20261122);
        byte[][] seeds = [.. FlightDictionary.Commands.Select(c => bench.CommandCltu(c.Name, 1, Cases[c.Name].Arguments))];

        for (int iteration = 0; iteration < 2000; iteration++)
        {
            byte[] cltu;
            if (iteration % 4 == 0)
            {
                cltu = new byte[random.Next(0, 200)];
                random.NextBytes(cltu);
            }
            else
            {
                cltu = (byte[])seeds[random.Next(seeds.Length)].Clone();
                int flips = random.Next(2, 12);
                for (int i = 0; i < flips; i++)
                {
                    cltu[random.Next(cltu.Length)] ^= (byte)(1 << random.Next(8));
                }
                if (random.Next(4) == 0)
                {
                    cltu = cltu[..random.Next(cltu.Length)];
                }
            }

            bench.Executive.ReceiveCltu(cltu);
            if (iteration % 50 == 0)
            {
                bench.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        // Anything executed must be a seed whose bit flips BCH corrected back (its MAC verified on the original
        // bytes), and each seed's security sequence number can be accepted only once: at most one execution per seed.
        Assert.That(bench.Executive.Uplink.Received, Is.EqualTo(2000));
        var accepted = bench.Sink.Acknowledgements.Where(a => a.Stage == AcknowledgementStage.Accepted).ToList();
        Assert.That(accepted, Has.Count.LessThanOrEqualTo(seeds.Length));
        Assert.That(accepted.Select(a => a.Opcode), Is.Unique);
        Assert.That(accepted.Select(a => a.Tag), Has.All.EqualTo(1));
        bench.Executive.ReceiveCltu(bench.CommandCltu("NOOP", 999));
        Assert.That(bench.AcknowledgementsFor(999).Last().Stage, Is.EqualTo(AcknowledgementStage.Completed), "the uplink still works");
        bench.Advance(TimeSpan.FromSeconds(1));
        Assert.That(bench.Sink.LastHousekeeping, Is.Not.Null, "housekeeping still flows");
    }
}
