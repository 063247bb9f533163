namespace Payload.GroundTest.Tests.Commands;

[TestFixture]
public sealed class CompressCommandTests
{
    [TestCase(8, 8, 2, false)]
    [TestCase(12, 16, 7, false)]
    [TestCase(16, 16, 128, false)]
    [TestCase(16, 64, 3, true)]
    [TestCase(32, 32, 64, false)]
    public void Our_compressed_file_decodes_with_aec_to_the_original_samples(int bits, int block, int rsi, bool signed)
    {
        using Ccsds121Bench bench = new();
        string raw = bench.WriteImage("in.raw", 5003, bits, signed, seed: bits + block);
        string[] flags = signed ? ["--signed"] : [];
        string[] aecFlags = signed ? ["-s"] : [];

        (int code, string output, string error) = Ccsds121Bench.GroundTest(["compress", "--bits", $"{bits}", "--block", $"{block}", "--rsi", $"{rsi}", .. flags, raw, bench.PathOf("ours.aec")]);
        Ccsds121Bench.Aec(["-d", "-n", $"{bits}", "-j", $"{block}", "-r", $"{rsi}", .. aecFlags, bench.PathOf("ours.aec"), bench.PathOf("back.raw")]);

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("5003 samples"));
        byte[] original = File.ReadAllBytes(raw);
        byte[] decoded = File.ReadAllBytes(bench.PathOf("back.raw"));

        // aec -d writes whole blocks: the original, then the short last block's padding.
        Assert.That(decoded.Length % (block * (original.Length / 5003)), Is.Zero);
        Assert.That(decoded[..original.Length], Is.EqualTo(original));
    }

    [Test]
    public void Missing_input_file_is_named_with_a_non_zero_exit_code()
    {
        using Ccsds121Bench bench = new();
        string missing = bench.PathOf("absent.raw");

        (int code, _, string error) = Ccsds121Bench.GroundTest("compress", "--bits", "16", "--block", "16", "--rsi", "128", missing, bench.PathOf("out.aec"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(missing));
    }

    [Test]
    public void Input_that_is_not_whole_samples_is_named_with_its_length()
    {
        using Ccsds121Bench bench = new();
        string odd = bench.PathOf("odd.raw");
        File.WriteAllBytes(odd, new byte[11]);

        (int code, _, string error) = Ccsds121Bench.GroundTest("compress", "--bits", "16", "--block", "16", "--rsi", "128", odd, bench.PathOf("out.aec"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(odd).And.Contain("11 bytes"));
    }

    [Test]
    public void Sample_wider_than_bits_is_named_with_file_and_index()
    {
        using Ccsds121Bench bench = new();
        string wide = bench.PathOf("wide.raw");
        File.WriteAllBytes(wide, [0x00, 0x01, 0x00, 0x10]);

        (int code, _, string error) = Ccsds121Bench.GroundTest("compress", "--bits", "12", "--block", "8", "--rsi", "1", wide, bench.PathOf("out.aec"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain(wide).And.Contain("Sample 1 = 4096"));
    }

    [TestCase("--block", "12")]
    [TestCase("--bits", "33")]
    [TestCase("--rsi", "5000")]
    public void Option_outside_the_standard_is_named_with_its_value(string option, string value)
    {
        using Ccsds121Bench bench = new();
        string raw = bench.WriteImage("in.raw", 100, 16, signed: false, seed: 1);
        Dictionary<string, string> options = new() { ["--bits"] = "16", ["--block"] = "16", ["--rsi"] = "128" };
        options[option] = value;

        (int code, _, string error) = Ccsds121Bench.GroundTest(
            "compress", "--bits", options["--bits"], "--block", options["--block"], "--rsi", options["--rsi"], raw, bench.PathOf("out.aec"));

        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain($"{option} {value}"));
    }
}
