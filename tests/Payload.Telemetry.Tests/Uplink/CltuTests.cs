using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

public class CltuTests
{
    private static byte[] Encode(byte[] frames, bool randomize = false)
    {
        var cltu = new byte[CltuEncoder.GetCltuLength(frames.Length)];
        int length = new CltuEncoder(randomize).Encode(frames, cltu);
        Assert.That(length, Is.EqualTo(cltu.Length));
        return cltu;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Test]
    public void Seven_zero_octets_make_one_codeblock_with_complemented_zero_parity()
    {
        byte[] cltu = Encode(new byte[7]);

        Assert.That(Convert.ToHexString(cltu), Is.EqualTo("EB90" + "00000000000000FE" + "C5C5C5C5C5C5C579"));
    }

    [Test]
    public void Last_codeblock_is_completed_with_0x55_fill_octets()
    {
        byte[] cltu = Encode([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        Assert.That(cltu, Has.Length.EqualTo(2 + 16 + 8));
        Assert.That(cltu.AsSpan(10 + 3, 4).ToArray(), Is.All.EqualTo(0x55));
    }

    [Test]
    public void Randomiser_sequence_starts_as_in_231_0_B()
    {
        Assert.That(Convert.ToHexString(TcRandomizer.Sequence.AsSpan(0, 6)), Is.EqualTo("FF399E5A68E9"));
    }

    [TestCase(1, false)]
    [TestCase(7, false)]
    [TestCase(8, false)]
    [TestCase(300, false)]
    [TestCase(1024, false)]
    [TestCase(1, true)]
    [TestCase(300, true)]
    [TestCase(1024, true)]
    public void Decoder_recovers_what_the_encoder_wrapped(int length, bool randomize)
    {
        byte[] frames = RandomBytes(length, length);
        byte[] cltu = Encode(frames, randomize);
        var output = new byte[cltu.Length];

        CltuDecodeResult result = new CltuDecoder(randomize).Decode(cltu, output);

        Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.Decoded));
        Assert.That(result.DataLength, Is.EqualTo((length + 6) / 7 * 7));
        Assert.That(output.AsSpan(0, length).ToArray(), Is.EqualTo(frames));
    }

    [Test]
    public void Randomised_codeblocks_differ_from_plain_ones()
    {
        byte[] frames = new byte[14];
        Assert.That(Encode(frames, randomize: true), Is.Not.EqualTo(Encode(frames)));
    }

    [Test]
    public void Decoder_corrects_a_single_bit_error_at_every_position_of_a_codeblock()
    {
        byte[] frames = RandomBytes(21, 5);
        byte[] clean = Encode(frames);
        var output = new byte[clean.Length];
        var decoder = new CltuDecoder();
        for (int bit = 0; bit < 64; bit++)
        {
            byte[] cltu = (byte[])clean.Clone();
            cltu[2 + 8 + (bit / 8)] ^= (byte)(0x80 >> (bit % 8));

            CltuDecodeResult result = decoder.Decode(cltu, output);

            Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.Decoded), $"bit {bit}");
            Assert.That(result.CorrectedCodeblocks, Is.EqualTo(bit == 63 ? 0 : 1), $"bit {bit} (63 is the filler bit)");
            Assert.That(output.AsSpan(0, 21).ToArray(), Is.EqualTo(frames), $"bit {bit}");
        }
    }

    [Test]
    public void Decoder_reports_every_double_bit_error_as_uncorrectable_with_the_codeblock_index()
    {
        byte[] clean = Encode(RandomBytes(28, 9));
        var output = new byte[clean.Length];
        var decoder = new CltuDecoder();
        int cases = 0;
        for (int first = 0; first < 63; first++)
        {
            for (int second = first + 1; second < 63; second++)
            {
                byte[] cltu = (byte[])clean.Clone();
                int codeblock = 2 + (2 * 8);
                cltu[codeblock + (first / 8)] ^= (byte)(0x80 >> (first % 8));
                cltu[codeblock + (second / 8)] ^= (byte)(0x80 >> (second % 8));

                CltuDecodeResult result = decoder.Decode(cltu, output);

                Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.UncorrectableCodeblock), $"bits {first},{second}");
                Assert.That(result.CodeblockIndex, Is.EqualTo(2));
                cases++;
            }
        }

        Assert.That(cases, Is.EqualTo(63 * 62 / 2));
    }

    [Test]
    public void Uncorrectable_codeblock_message_names_its_index()
    {
        byte[] cltu = Encode(RandomBytes(14, 1));
        cltu[2 + 8] ^= 0xC0;

        CltuDecodeResult result = new CltuDecoder().Decode(cltu, new byte[cltu.Length]);

        Assert.That(result.Message, Does.Contain("codeblock 1"));
    }

    [Test]
    public void Tail_sequence_with_one_bit_error_still_ends_the_CLTU()
    {
        byte[] frames = RandomBytes(14, 2);
        byte[] cltu = Encode(frames);
        cltu[^3] ^= 0x10;

        CltuDecodeResult result = new CltuDecoder().Decode(cltu, new byte[cltu.Length]);

        Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.Decoded));
        Assert.That(result.DataLength, Is.EqualTo(14));
    }

    [TestCase(new byte[0], TestName = "Empty input has no start sequence")]
    [TestCase(new byte[] { 0xEB }, TestName = "One octet has no start sequence")]
    [TestCase(new byte[] { 0xEB, 0x91, 0, 0, 0, 0, 0, 0, 0, 0xFE }, TestName = "Corrupted start sequence is not accepted")]
    public void Missing_start_sequence_is_reported(byte[] cltu)
    {
        Assert.That(new CltuDecoder().Decode(cltu, new byte[16]).Status, Is.EqualTo(CltuDecodeStatus.StartSequenceNotFound));
    }

    [Test]
    public void CLTU_cut_before_its_tail_is_reported()
    {
        byte[] cltu = Encode(RandomBytes(14, 3));

        CltuDecodeResult result = new CltuDecoder().Decode(cltu.AsSpan(0, cltu.Length - 5), new byte[cltu.Length]);

        Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.TailSequenceNotFound));
        Assert.That(result.CodeblockIndex, Is.EqualTo(2));
    }

    [Test]
    public void Start_then_tail_without_codeblocks_is_empty()
    {
        byte[] cltu = Convert.FromHexString("EB90C5C5C5C5C5C5C579");
        Assert.That(new CltuDecoder().Decode(cltu, new byte[8]).Status, Is.EqualTo(CltuDecodeStatus.Empty));
    }

    [Test]
    public void Destination_too_small_is_reported_not_overrun()
    {
        byte[] cltu = Encode(RandomBytes(20, 4));

        CltuDecodeResult result = new CltuDecoder().Decode(cltu, new byte[10]);

        Assert.That(result.Status, Is.EqualTo(CltuDecodeStatus.DestinationTooSmall));
        Assert.That(result.CodeblockIndex, Is.EqualTo(1));
    }

    [Test]
    public void Encoder_rejects_a_destination_that_is_too_small()
    {
        Assert.That(() => new CltuEncoder().Encode(new byte[7], new byte[17]), Throws.ArgumentException.With.Message.Contains("18"));
    }
}
