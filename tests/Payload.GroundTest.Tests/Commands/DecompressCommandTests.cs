namespace Payload.GroundTest.Tests.Commands;

[TestFixture]
public sealed class DecompressCommandTests
{
    [TestCase(8, 16, 4, false)]
    [TestCase(12, 32, 128, false)]
    [TestCase(16, 16, 128, false)]
    [TestCase(16, 8, 1, true)]
    [TestCase(32, 64, 5, false)]
    public void Aec_compressed_file_decodes_exactly_as_aec_decodes_it(int bits, int block, int rsi, bool signed)
    {
        using Ccsds121Bench bench = new();
        string raw = bench.WriteImage("in.raw", 4099, bits, signed, seed: bits * block);
        if (signed)
        {
            // aec's encoder wants narrow signed samples as n-bit two's complement with the upper bits clear.
            MaskToBits(raw, bits);
        }

        string[] flags = signed ? ["--signed"] : [];
        string[] aecFlags = signed ? ["-s"] : [];
        Ccsds121Bench.Aec(["-n", $"{bits}", "-j", $"{block}", "-r", $"{rsi}", .. aecFlags, raw, bench.PathOf("theirs.aec")]);
        Ccsds121Bench.Aec(["-d", "-n", $"{bits}", "-j", $"{block}", "-r", $"{rsi}", .. aecFlags, bench.PathOf("theirs.aec"), bench.PathOf("aec.raw")]);

        (int code, string output, string error) = Ccsds121Bench.GroundTest(["decompress", "--bits", $"{bits}", "--block", $"{block}", "--rsi", $"{rsi}", .. flags, bench.PathOf("theirs.aec"), bench.PathOf("ours.raw")]);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("samples"));
        Assert.That(File.ReadAllBytes(bench.PathOf("ours.raw")), Is.EqualTo(File.ReadAllBytes(bench.PathOf("aec.raw"))));
    }

    [Test]
    public void Samples_option_trims_the_padding_of_the_last_block()
    {
        using Ccsds121Bench bench = new();
        string raw = bench.WriteImage("in.raw", 1001, 16, signed: false, seed: 5);
        Ccsds121Bench.GroundTest("compress", "--bits", "16", "--block", "16", "--rsi", "8", raw, bench.PathOf("c.aec"));

        (int code, _, string error) = Ccsds121Bench.GroundTest("decompress", "--bits", "16", "--block", "16", "--rsi", "8", "--samples", "1001", bench.PathOf("c.aec"), bench.PathOf("back.raw"));

        Assert.That(code, Is.Zero, error);
        Assert.That(File.ReadAllBytes(bench.PathOf("back.raw")), Is.EqualTo(File.ReadAllBytes(raw)));
    }

    [Test]
    public void Stream_cut_short_is_named_with_file_offset_and_block()
    {
        using Ccsds121Bench bench = new();
        string raw = bench.WriteImage("in.raw", 3000, 16, signed: false, seed: 6);
        Ccsds121Bench.GroundTest("compress", "--bits", "16", "--block", "16", "--rsi", "128", raw, bench.PathOf("c.aec"));
        byte[] stream = File.ReadAllBytes(bench.PathOf("c.aec"));
        string cut = bench.PathOf("cut.aec");
        File.WriteAllBytes(cut, stream[..(stream.Length / 2)]);

        (int code, _, string error) = Ccsds121Bench.GroundTest("decompress", "--bits", "16", "--block", "16", "--rsi", "128", "--samples", "3000", cut, bench.PathOf("back.raw"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(cut).And.Contain("cut short").And.Contain("block").And.Contain("byte"));
        Assert.That(File.Exists(bench.PathOf("back.raw")), Is.False, "nothing is written from a failed decode");
    }

    [Test]
    public void Missing_input_file_is_named_with_a_non_zero_exit_code()
    {
        using Ccsds121Bench bench = new();
        string missing = bench.PathOf("absent.aec");

        (int code, _, string error) = Ccsds121Bench.GroundTest("decompress", "--bits", "16", "--block", "16", "--rsi", "128", missing, bench.PathOf("out.raw"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(missing));
    }

    private static void MaskToBits(string path, int bits)
    {
        byte[] raw = File.ReadAllBytes(path);
        int width = bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
        if (bits % 8 != 0)
        {
            for (int i = 0; i < raw.Length; i += width)
            {
                uint value = 0;
                for (int b = 0; b < width; b++)
                {
                    value |= (uint)raw[i + b] << (8 * b);
                }

                value &= uint.MaxValue >> (32 - bits);
                for (int b = 0; b < width; b++)
                {
                    raw[i + b] = (byte)(value >> (8 * b));
                }
            }
        }

        File.WriteAllBytes(path, raw);
    }
}
