using Payload.Inference.FaultInjection;
using Payload.Inference.Hardening;

namespace Payload.Inference.Tests.FaultInjection;

public class CheckpointInjectionTests
{
    private string _folder = null!;

    [SetUp]
    public void WriteTwoCheckpoints()
    {
        _folder = Directory.CreateTempSubdirectory("checkpoint-fi-").FullName;
        CheckpointStore store = new(_folder);
        store.Write("older progress"u8);
        store.Write("newest progress"u8);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    // Slot 0 holds the newest checkpoint (sequence 2), slot 1 the older one.
    [TestCase(0, 7, InjectionOutcome.Detected)]
    [TestCase(0, 0, InjectionOutcome.Detected)]
    [TestCase(1, 7, InjectionOutcome.Corrected)]
    [TestCase(1, 3, InjectionOutcome.Corrected)]
    public void A_flipped_bit_is_rejected_newest_slot_lost_is_detected_older_slot_lost_is_corrected(int slot, int bit, InjectionOutcome expected)
    {
        long length = new FileInfo(new CheckpointStore(_folder).SlotPath(slot)).Length;
        InjectionOutcome outcome = CheckpointInjection.Inject(_folder, slot, [(length - 2, new Fault(FaultModel.SingleBit, bit))], "newest progress"u8);

        Assert.That(outcome, Is.EqualTo(expected));
    }

    [Test]
    public void A_stuck_byte_that_writes_the_same_value_is_masked()
    {
        string path = new CheckpointStore(_folder).SlotPath(1);
        byte existing = File.ReadAllBytes(path)[5];

        InjectionOutcome outcome = CheckpointInjection.Inject(_folder, 1, [(5, new Fault(FaultModel.ByteStuckAt, 0, 1, existing))], "newest progress"u8);

        Assert.That(outcome, Is.EqualTo(InjectionOutcome.Masked));
    }

    [Test]
    public void An_offset_past_the_file_is_refused()
    {
        Assert.That(
            () => CheckpointInjection.Inject(_folder, 0, [(1_000_000, new Fault(FaultModel.SingleBit, 0))], "x"u8),
            Throws.TypeOf<CampaignException>().With.Message.Contains("offset 1000000"));
    }
}
