using Payload.Inference.Hardening;
using Payload.Inference.Runtime;

namespace Payload.Inference.Tests.Hardening;

public class WeightScrubberTests
{
    private const int BlockSize = 256;

    private static TensorBuffer Weights(int seed)
    {
        TensorBuffer buffer = TensorBuffer.Create<float>(1000);
        var random = new Random(seed);
        foreach (ref float w in buffer.AsSpan<float>())
        {
            w = (float)(random.NextDouble() - 0.5);
        }

        return buffer;
    }

    private static WeightScrubber Scrubber(TensorBuffer buffer, TimeProvider? time = null, TimeSpan? period = null) =>
        new([KeyValuePair.Create("w", buffer)], new WeightScrubberOptions { BlockSize = BlockSize, Period = period ?? TimeSpan.FromSeconds(10) }, time);

    [TestCase(0, 0)]
    [TestCase(1234, 5)]
    [TestCase(3999, 7)]
    public void A_flipped_bit_is_found_in_its_block_and_repaired_from_the_golden_copy(int byteIndex, int bit)
    {
        using TensorBuffer buffer = Weights(1);
        byte[] clean = buffer.AsBytes().ToArray();
        WeightScrubber scrubber = Scrubber(buffer);
        var faults = new List<WeightBlockFault>();
        scrubber.BlockFaulted += (_, f) => faults.Add(f);
        buffer.AsBytes()[byteIndex] ^= (byte)(1 << bit);

        int found = scrubber.ScrubAll();

        Assert.That(found, Is.EqualTo(1));
        Assert.That(buffer.AsBytes().ToArray(), Is.EqualTo(clean));
        Assert.That(faults, Has.Count.EqualTo(1));
        Assert.That(faults[0].Buffer, Is.EqualTo("w"));
        Assert.That(faults[0].Block, Is.EqualTo(byteIndex / BlockSize));
        Assert.That(faults[0].ByteOffset, Is.EqualTo(byteIndex / BlockSize * BlockSize));
        Assert.That(faults[0].ByteLength, Is.EqualTo(Math.Min(BlockSize, 4000 - faults[0].ByteOffset)));
        Assert.That(faults[0].Repaired, Is.True);
        Assert.That(scrubber.ScrubAll(), Is.Zero);
    }

    [Test]
    public void A_clean_pass_finds_nothing_and_counts_every_block()
    {
        using TensorBuffer buffer = Weights(2);
        WeightScrubber scrubber = Scrubber(buffer);

        Assert.That(scrubber.ScrubAll(), Is.Zero);
        Assert.That(scrubber.BlockCount, Is.EqualTo(16));
        Assert.That(scrubber.BlocksChecked, Is.EqualTo(16));
        Assert.That(scrubber.Passes, Is.EqualTo(1));
        Assert.That(scrubber.Faults, Is.Zero);
    }

    [Test]
    public void Results_since_the_last_clean_check_of_the_block_are_suspect()
    {
        using TensorBuffer buffer = Weights(3);
        WeightScrubber scrubber = Scrubber(buffer);
        scrubber.RecordResult();
        scrubber.ScrubAll();
        long firstAfterClean = scrubber.RecordResult();
        buffer.AsBytes()[10] ^= 0x80;
        long last = scrubber.RecordResult();
        WeightBlockFault? fault = null;
        scrubber.BlockFaulted += (_, f) => fault = f;

        scrubber.ScrubAll();
        long afterRepair = scrubber.RecordResult();

        Assert.That(fault, Is.Not.Null);
        Assert.That((fault!.FirstSuspectResult, fault.LastSuspectResult), Is.EqualTo((firstAfterClean, last)));
        Assert.That(scrubber.IsSuspect(1), Is.False);
        Assert.That(scrubber.IsSuspect(firstAfterClean), Is.True);
        Assert.That(scrubber.IsSuspect(last), Is.True);
        Assert.That(scrubber.IsSuspect(afterRepair), Is.False);
    }

    [Test]
    public void A_corrupted_golden_copy_is_skipped_and_repaired_from_the_spare()
    {
        using TensorBuffer buffer = Weights(4);
        byte[] clean = buffer.AsBytes().ToArray();
        WeightScrubber scrubber = Scrubber(buffer);
        buffer.AsBytes()[600] ^= 0x01;
        scrubber.GoldenBytes("w", 0)[600] ^= 0x02;

        scrubber.ScrubAll();

        Assert.That(buffer.AsBytes().ToArray(), Is.EqualTo(clean));
        Assert.That(scrubber.GoldenBytes("w", 0).ToArray(), Is.EqualTo(clean));
        Assert.That(scrubber.Unrepairable, Is.Zero);
    }

    [Test]
    public void A_block_with_both_golden_copies_corrupted_is_reported_unrepairable()
    {
        using TensorBuffer buffer = Weights(5);
        WeightScrubber scrubber = Scrubber(buffer);
        WeightBlockFault? fault = null;
        scrubber.BlockFaulted += (_, f) => fault = f;
        buffer.AsBytes()[300] ^= 0x01;
        scrubber.GoldenBytes("w", 0)[301] ^= 0x01;
        scrubber.GoldenBytes("w", 1)[302] ^= 0x01;

        scrubber.ScrubAll();

        Assert.That(fault, Is.Not.Null);
        Assert.That(fault!.Repaired, Is.False);
        Assert.That(scrubber.Unrepairable, Is.EqualTo(1));
    }

    [Test]
    public void ScrubDue_walks_every_block_once_per_period()
    {
        using TensorBuffer buffer = Weights(6);
        var clock = new ManualClock();
        WeightScrubber scrubber = Scrubber(buffer, clock, TimeSpan.FromSeconds(8));

        Assert.That(scrubber.ScrubDue(), Is.Zero);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(scrubber.ScrubDue(), Is.EqualTo(4));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.That(scrubber.ScrubDue(), Is.EqualTo(12));
        Assert.That(scrubber.Passes, Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(80));
        Assert.That(scrubber.ScrubDue(), Is.EqualTo(16), "a backlog is capped at one pass");
        Assert.That(scrubber.ScrubDue(), Is.Zero);
    }

    [Test]
    public void ScrubDue_repairs_a_corruption_within_one_period()
    {
        using TensorBuffer buffer = Weights(7);
        byte[] clean = buffer.AsBytes().ToArray();
        var clock = new ManualClock();
        WeightScrubber scrubber = Scrubber(buffer, clock, TimeSpan.FromSeconds(16));
        buffer.AsBytes()[3900] ^= 0x10;

        for (int second = 0; second < 16; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            scrubber.ScrubDue();
        }

        Assert.That(buffer.AsBytes().ToArray(), Is.EqualTo(clean));
        Assert.That(scrubber.Faults, Is.EqualTo(1));
    }

    [Test]
    public void Scrubbing_a_session_repairs_a_replica_so_its_output_is_golden_again()
    {
        using TensorBuffer input = HardeningTestData.Input(8);
        using TensorBuffer output = HardeningTestData.Output();
        using RedundantSession session = RedundantSession.FromModel(HardeningTestData.Model(), new RedundantSessionOptions { Mode = RedundancyMode.None, IntraOpThreads = 1 });
        WeightScrubber scrubber = WeightScrubber.For(session);
        string weight = HardeningTestData.ConvWeightName(session.Weights(0));
        WeightBlockFault? fault = null;
        scrubber.BlockFaulted += (_, f) => fault = f;
        HardeningTestData.FlipExponent(session.Weights(0)[weight], 3);
        session.Run([input], [output]);
        Assert.That(output.AsSpan<float>().ToArray(), Is.Not.EqualTo(HardeningTestData.Golden(input)));

        scrubber.ScrubAll();
        session.Run([input], [output]);

        Assert.That(output.AsSpan<float>().ToArray(), Is.EqualTo(HardeningTestData.Golden(input)));
        Assert.That(fault?.Buffer, Is.EqualTo($"replica0/{weight}"));
    }

    [Test]
    public void A_clean_scrub_pass_allocates_nothing()
    {
        using TensorBuffer buffer = Weights(9);
        WeightScrubber scrubber = Scrubber(buffer);
        scrubber.ScrubAll();

        long before = GC.GetAllocatedBytesForCurrentThread();
        scrubber.ScrubAll();
        scrubber.ScrubBlocks(5);

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(3)]
    public void Block_sizes_below_four_bytes_are_refused(int blockSize)
    {
        using TensorBuffer buffer = Weights(10);
        Assert.That(
            () => new WeightScrubber([KeyValuePair.Create("w", buffer)], new WeightScrubberOptions { BlockSize = blockSize }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("BlockSize"));
    }
}
