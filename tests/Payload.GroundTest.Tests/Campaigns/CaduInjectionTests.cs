using Payload.GroundTest.Campaigns;
using Payload.Inference.FaultInjection;
using Payload.Telemetry.Coding;

namespace Payload.GroundTest.Tests.Campaigns;

public class CaduInjectionTests
{
    private static readonly CaduCodec Codec = new(new CaduFormat(1115, 5));

    [Test]
    public void No_fault_is_masked()
    {
        Assert.That(CaduInjection.Inject(Codec, Frame(1), []), Is.EqualTo(InjectionOutcome.Masked));
    }

    [TestCase(0, 0)]
    [TestCase(1000, 7)]
    [TestCase(1274, 3)]
    public void A_single_bit_flip_is_corrected_by_reed_solomon(int offset, int bit)
    {
        Assert.That(CaduInjection.Inject(Codec, Frame(2), [(offset, new Fault(FaultModel.SingleBit, bit))]), Is.EqualTo(InjectionOutcome.Corrected));
    }

    [Test]
    public void Sixteen_random_bytes_in_one_codeword_are_corrected()
    {
        // Interleave depth 5: bytes 5k hold symbols of codeword 0.
        List<(int, Fault)> faults = [.. Enumerable.Range(0, 16).Select(k => (k * 5 * 13, new Fault(FaultModel.RandomByte, 0, 1, (byte)(0x5A ^ k))))];
        Assert.That(CaduInjection.Inject(Codec, Frame(3), faults), Is.EqualTo(InjectionOutcome.Corrected));
    }

    [Test]
    public void Forty_corrupted_bytes_in_one_codeword_are_detected()
    {
        List<(int, Fault)> faults = [.. Enumerable.Range(0, 40).Select(k => (k * 5 * 6, new Fault(FaultModel.AdjacentBits, 0, 8)))];
        Assert.That(CaduInjection.Inject(Codec, Frame(4), faults), Is.EqualTo(InjectionOutcome.Detected));
    }

    [Test]
    public void An_offset_outside_the_codeblock_is_refused()
    {
        Assert.That(() => CaduInjection.Inject(Codec, Frame(5), [(5000, new Fault(FaultModel.SingleBit, 0))]), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    private static byte[] Frame(int seed)
    {
        byte[] frame = new byte[1115];
        new Random(seed).NextBytes(frame);
        return frame;
    }
}
