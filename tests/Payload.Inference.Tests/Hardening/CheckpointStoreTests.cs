using System.Buffers.Binary;
using System.Text;
using Payload.Inference.Hardening;

namespace Payload.Inference.Tests.Hardening;

public class CheckpointStoreTests
{
    private string _directory = null!;

    [SetUp]
    public void MakeDirectory() => _directory = Directory.CreateTempSubdirectory("payload-ckpt-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static byte[] Payload(int n) => Encoding.UTF8.GetBytes($"progress #{n}");

    /// <summary>Writes checkpoints 1..3: slot 1 holds #1 then #3, slot 0 holds #2.</summary>
    private CheckpointStore ThreeWritten()
    {
        var store = new CheckpointStore(_directory);
        for (int n = 1; n <= 3; n++)
        {
            store.Write(Payload(n));
        }

        return store;
    }

    [Test]
    public void The_newest_checkpoint_is_loaded_by_a_new_store()
    {
        ThreeWritten();
        var store = new CheckpointStore(_directory);

        Checkpoint? loaded = store.Load();

        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded!.Sequence, Is.EqualTo(3));
        Assert.That(loaded.Data, Is.EqualTo(Payload(3)));
    }

    [Test]
    public void A_slot_swapped_out_by_a_write_stays_as_its_temporary_file_and_is_never_loaded()
    {
        CheckpointStore writer = ThreeWritten();
        File.WriteAllBytes(writer.SlotPath(0), []);
        File.WriteAllBytes(writer.SlotPath(1), []);

        // Slot 1 held #1 before #3 was exchanged in; #1 now sits in its temporary file, which Load ignores.
        Assert.That(File.ReadAllBytes(writer.SlotPath(1) + ".tmp").Length, Is.GreaterThan(0));
        Assert.That(new CheckpointStore(_directory).Load(), Is.Null);
    }

    [Test]
    public void Records_of_changing_length_overwrite_the_kept_temporary_file_exactly()
    {
        var store = new CheckpointStore(_directory);
        byte[] longer = new byte[5000];
        new Random(3).NextBytes(longer);
        for (int n = 0; n < 6; n++)
        {
            store.Write(n % 3 == 0 ? longer : Payload(n));
        }

        // Checkpoints 1 and 4 are long, the rest short, so each slot's kept temporary file is overwritten with another length.
        Assert.That(new CheckpointStore(_directory).Load()!.Data, Is.EqualTo(Payload(5)));
        store.Write(longer);
        Assert.That(new CheckpointStore(_directory).Load()!.Data, Is.EqualTo(longer));
    }

    [Test]
    public void An_empty_directory_has_no_checkpoint_and_no_fault()
    {
        var store = new CheckpointStore(_directory);
        var faults = new List<CheckpointSlotFault>();
        store.SlotRejected += (_, f) => faults.Add(f);

        Assert.That(store.Load(), Is.Null);
        Assert.That(faults, Is.Empty);
    }

    [Test]
    public void Sequence_numbers_keep_rising_across_restarts()
    {
        ThreeWritten();
        var store = new CheckpointStore(_directory);

        Assert.That(store.Write(Payload(4)), Is.EqualTo(4));
        Assert.That(new CheckpointStore(_directory).Load()!.Data, Is.EqualTo(Payload(4)));
    }

    private static IEnumerable<TestCaseData> Corruptions()
    {
        foreach (int slot in new[] { 0, 1 })
        {
            yield return new TestCaseData(slot, "bit flip in payload", (Func<byte[], byte[]>)(b => Flip(b, 22)), "CRC-32C mismatch");
            yield return new TestCaseData(slot, "bit flip in sequence", (Func<byte[], byte[]>)(b => Flip(b, 9)), "CRC-32C mismatch");
            yield return new TestCaseData(slot, "bit flip in CRC", (Func<byte[], byte[]>)(b => Flip(b, b.Length - 1)), "CRC-32C mismatch");
            yield return new TestCaseData(slot, "truncated payload", (Func<byte[], byte[]>)(b => b[..^5]), "length field");
            yield return new TestCaseData(slot, "truncated header", (Func<byte[], byte[]>)(b => b[..10]), "truncated");
            yield return new TestCaseData(slot, "zero length", (Func<byte[], byte[]>)(_ => []), "empty");
            yield return new TestCaseData(slot, "wrong schema", (Func<byte[], byte[]>)WrongSchema, "schema version 2");
            yield return new TestCaseData(slot, "bad magic", (Func<byte[], byte[]>)(b => Flip(b, 0)), "bad magic");
        }
    }

    [TestCaseSource(nameof(Corruptions))]
    public void A_corrupted_slot_is_reported_and_the_other_slot_wins(int slot, string what, Func<byte[], byte[]> corrupt, string reason)
    {
        CheckpointStore writer = ThreeWritten();
        string path = writer.SlotPath(slot);
        File.WriteAllBytes(path, corrupt(File.ReadAllBytes(path)));
        var store = new CheckpointStore(_directory);
        var faults = new List<CheckpointSlotFault>();
        store.SlotRejected += (_, f) => faults.Add(f);

        Checkpoint? loaded = store.Load();

        // Slot 1 holds #3 (newest), slot 0 holds #2.
        int expected = slot == 1 ? 2 : 3;
        Assert.That(loaded!.Sequence, Is.EqualTo(expected), what);
        Assert.That(loaded.Data, Is.EqualTo(Payload(expected)));
        Assert.That(loaded.Slot, Is.EqualTo(1 - slot));
        Assert.That(faults, Has.Count.EqualTo(1));
        Assert.That(faults[0].Slot, Is.EqualTo(slot));
        Assert.That(faults[0].Path, Is.EqualTo(path));
        Assert.That(faults[0].Reason, Does.Contain(reason));
    }

    [Test]
    public void Both_slots_corrupted_give_no_checkpoint_and_two_reports()
    {
        CheckpointStore writer = ThreeWritten();
        File.WriteAllBytes(writer.SlotPath(0), []);
        File.WriteAllBytes(writer.SlotPath(1), Flip(File.ReadAllBytes(writer.SlotPath(1)), 30));
        var store = new CheckpointStore(_directory);
        var faults = new List<CheckpointSlotFault>();
        store.SlotRejected += (_, f) => faults.Add(f);

        Assert.That(store.Load(), Is.Null);
        Assert.That(faults.Select(f => f.Slot), Is.EquivalentTo(new[] { 0, 1 }));
    }

    [Test]
    public void A_write_after_a_corrupted_newest_slot_overwrites_it_not_the_good_one()
    {
        CheckpointStore writer = ThreeWritten();
        File.WriteAllBytes(writer.SlotPath(1), []);
        var store = new CheckpointStore(_directory);
        store.Load();

        long sequence = store.Write(Payload(9));

        Assert.That(sequence, Is.EqualTo(3));
        Assert.That(store.SlotPath((int)(sequence % 2)), Is.EqualTo(writer.SlotPath(1)));
        Assert.That(new CheckpointStore(_directory).Load()!.Data, Is.EqualTo(Payload(9)));
    }

    [Test]
    public void A_leftover_temporary_file_from_a_killed_write_is_ignored()
    {
        CheckpointStore writer = ThreeWritten();
        File.WriteAllBytes(writer.SlotPath(0) + ".tmp", [1, 2, 3]);

        Assert.That(new CheckpointStore(_directory).Load()!.Sequence, Is.EqualTo(3));
    }

    [Test]
    public void Pipeline_progress_round_trips_through_a_checkpoint()
    {
        var progress = new PipelineProgress
        {
            SceneId = "scene-0007", SceneIndex = 7, NextTile = 42, ModelHash = [1, 2, 3, 4],
            ApidSequenceCounts = new Dictionary<ushort, ushort> { [0x100] = 16383, [0x7FF] = 3 },
            FrameCount = 1L << 40, PartialProducts = [9, 8, 7],
        };
        var store = new CheckpointStore(_directory);
        store.Write(progress.ToBytes());

        PipelineProgress back = PipelineProgress.FromBytes(new CheckpointStore(_directory).Load()!.Data);

        Assert.That(back.SceneId, Is.EqualTo("scene-0007"));
        Assert.That((back.SceneIndex, back.NextTile, back.FrameCount), Is.EqualTo((7, 42, 1L << 40)));
        Assert.That(back.ModelHash, Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(back.ApidSequenceCounts, Is.EquivalentTo(progress.ApidSequenceCounts));
        Assert.That(back.PartialProducts, Is.EqualTo(new byte[] { 9, 8, 7 }));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(20)]
    public void Truncated_pipeline_progress_is_refused(int keep)
    {
        byte[] bytes = new PipelineProgress { SceneId = "s", ModelHash = new byte[32] }.ToBytes();

        Assert.That(() => PipelineProgress.FromBytes(bytes[..keep]), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Schedule_is_due_after_k_tiles_or_t_seconds()
    {
        var clock = new ManualClock();
        var schedule = new CheckpointSchedule(everyTiles: 3, TimeSpan.FromSeconds(10), clock);

        Assert.That(new[] { schedule.TileDone(), schedule.TileDone(), schedule.TileDone() }, Is.EqualTo(new[] { false, false, true }));
        schedule.Written();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(schedule.TileDone(), Is.True);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x04;
        return bytes;
    }

    private static byte[] WrongSchema(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        return bytes;
    }
}
