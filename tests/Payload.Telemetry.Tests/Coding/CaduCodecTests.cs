using Payload.Telemetry.Coding;
using Payload.Tests.Shared;

namespace Payload.Telemetry.Tests.Coding;

public class CaduCodecTests
{
    private static readonly int[] Depths = [1, 2, 3, 4, 5, 8];

    private static IEnumerable<TestCaseData> Formats()
    {
        foreach (int depth in Depths)
        {
            foreach (int virtualFill in new[] { 0, 1, 50, 222 })
            {
                yield return new TestCaseData(depth, (ReedSolomon255.MessageLength - virtualFill) * depth)
                    .SetName($"I={depth} L={(ReedSolomon255.MessageLength - virtualFill) * depth}");
            }
        }
    }

    [TestCase(1, 223, 259 + 0)]
    [TestCase(4, 892, 1024)]
    [TestCase(5, 1115, 1279)]
    [TestCase(8, 1784, 2044)]
    [TestCase(2, 100, 168)]
    public void Format_derives_the_codeblock_and_CADU_lengths(int depth, int frameLength, int caduLength)
    {
        var format = new CaduFormat(frameLength, depth);

        Assert.That(format.CaduLength, Is.EqualTo(caduLength));
        Assert.That(format.CodeblockLength, Is.EqualTo(caduLength - 4));
        Assert.That(format.VirtualFill, Is.EqualTo(223 - (frameLength / depth)));
    }

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(7)]
    [TestCase(16)]
    public void Format_rejects_an_interleave_depth_outside_the_standard_set(int depth)
    {
        Assert.That(() => new CaduFormat(223, depth),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Interleave depth").And.Message.Contains(depth.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase(0, 1)]
    [TestCase(224, 1)]
    [TestCase(1785, 8)]
    [TestCase(1001, 4)]
    public void Format_rejects_a_frame_length_that_does_not_fit_the_codewords(int frameLength, int depth)
    {
        Assert.That(() => new CaduFormat(frameLength, depth),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Frame length").And.Message.Contains(frameLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCaseSource(nameof(Formats))]
    public void Encoded_CADU_starts_with_the_ASM_and_decodes_back_to_the_frame(int depth, int frameLength)
    {
        var codec = new CaduCodec(new CaduFormat(frameLength, depth));
        byte[] frame = RandomBytes(frameLength, depth);
        byte[] cadu = new byte[codec.Format.CaduLength];

        codec.Encode(frame, cadu);
        int[] perCodeword = new int[depth];
        CodeblockDecodeResult result = codec.Decode(cadu.AsSpan(4), perCodeword);

        Assert.That(cadu[..4], Is.EqualTo(new byte[] { 0x1A, 0xCF, 0xFC, 0x1D }));
        Assert.That(result, Is.EqualTo(new CodeblockDecodeResult(0, 0)));
        Assert.That(perCodeword, Is.All.Zero);
        Assert.That(cadu.AsSpan(4, frameLength).ToArray(), Is.EqualTo(frame));
    }

    [TestCaseSource(nameof(Formats))]
    public void Every_interleaved_codeword_equals_encode_rs_ccsds(int depth, int frameLength)
    {
        if (!LibFec.IsAvailable)
        {
            Assert.Ignore(LibFec.InstallHint);
        }

        var codec = new CaduCodec(new CaduFormat(frameLength, depth, randomized: false));
        int k = frameLength / depth;
        var random = new Random(frameLength);
        byte[] frame = new byte[frameLength];
        byte[] cadu = new byte[codec.Format.CaduLength];
        byte[] message = new byte[k];
        byte[] parity = new byte[ReedSolomon255.ParityLength];
        for (int trial = 0; trial < 10; trial++)
        {
            random.NextBytes(frame);
            codec.Encode(frame, cadu);
            for (int i = 0; i < depth; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    message[j] = frame[(j * depth) + i];
                }

                LibFec.Encode(message, parity, codec.Format.VirtualFill);
                byte[] sent = Enumerable.Range(0, ReedSolomon255.ParityLength).Select(j => cadu[4 + frameLength + (j * depth) + i]).ToArray();
                Assert.That(sent, Is.EqualTo(parity), $"trial {trial}, codeword {i}");
            }
        }
    }

    [Test]
    public void Randomised_codeblock_is_the_unrandomised_one_xor_the_sequence()
    {
        var plain = new CaduCodec(new CaduFormat(892, 4, randomized: false));
        var randomised = new CaduCodec(new CaduFormat(892, 4));
        byte[] frame = RandomBytes(892, 1);
        byte[] a = new byte[plain.Format.CaduLength];
        byte[] b = new byte[plain.Format.CaduLength];

        plain.Encode(frame, a);
        randomised.Encode(frame, b);
        byte[] sequence = PseudoRandomizer.Sequence(plain.Format.CodeblockLength);

        Assert.That(b[..4], Is.EqualTo(a[..4]), "the ASM is not randomised");
        Assert.That(b.Skip(4).Select((x, i) => (byte)(x ^ sequence[i])), Is.EqualTo(a.Skip(4)));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(8)]
    public void Decoder_reports_corrections_per_codeword_and_flags_the_uncorrectable_one(int depth)
    {
        var codec = new CaduCodec(new CaduFormat(200 * depth, depth));
        byte[] frame = RandomBytes(200 * depth, depth);
        byte[] cadu = new byte[codec.Format.CaduLength];
        codec.Encode(frame, cadu);
        var random = new Random(depth);
        int[] injected = new int[depth];
        for (int i = 0; i < depth; i++)
        {
            injected[i] = i == depth - 1 ? 17 : (3 * i) % 17;
            SymbolErrors.Inject(cadu.AsSpan(4), injected[i], random, offset: i, stride: depth);
        }

        int[] perCodeword = new int[depth];
        CodeblockDecodeResult result = codec.Decode(cadu.AsSpan(4), perCodeword);

        int[] expected = injected.Select(n => n > 16 ? ReedSolomon255.UncorrectableCodeword : n).ToArray();
        Assert.That(perCodeword, Is.EqualTo(expected));
        Assert.That(result.UncorrectableCodewords, Is.EqualTo(1));
        Assert.That(result.CorrectedSymbols, Is.EqualTo(injected.Where(n => n <= 16).Sum()));
        Assert.That(result.IsCorrectable, Is.False);
        for (int j = 0; j < 200; j++)
        {
            for (int i = 0; i < depth - 1; i++)
            {
                Assert.That(cadu[4 + (j * depth) + i], Is.EqualTo(frame[(j * depth) + i]), $"symbol {j} of codeword {i}");
            }
        }
    }

    [Test]
    public void Codec_rejects_buffers_of_the_wrong_length_naming_them()
    {
        var codec = new CaduCodec(new CaduFormat(223, 1));

        Assert.That(() => codec.Encode(new byte[222], new byte[259]), Throws.ArgumentException.With.Message.Contains("222").And.Message.Contains("223"));
        Assert.That(() => codec.Encode(new byte[223], new byte[258]), Throws.ArgumentException.With.Message.Contains("258").And.Message.Contains("259"));
        Assert.That(() => codec.Decode(new byte[254], new int[1]), Throws.ArgumentException.With.Message.Contains("254").And.Message.Contains("255"));
        Assert.That(() => new CaduCodec(new CaduFormat(446, 2)).Decode(new byte[510], new int[1]), Throws.ArgumentException.With.Message.Contains("interleave depth is 2"));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
