using Payload.Telemetry.Coding;

namespace Payload.Telemetry.Tests.Coding;

public class ReedSolomon255Tests
{
    [TestCase(223)]
    [TestCase(200)]
    [TestCase(1)]
    public void Encoded_codeword_decodes_with_no_corrections(int messageLength)
    {
        byte[] codeword = RandomCodeword(messageLength, new Random(messageLength));
        byte[] original = (byte[])codeword.Clone();

        bool decoded = ReedSolomon255.TryDecode(codeword, out int corrected);

        Assert.That(decoded, Is.True);
        Assert.That(corrected, Is.Zero);
        Assert.That(codeword, Is.EqualTo(original));
    }

    [Test]
    public void All_zero_message_has_all_zero_parity()
    {
        byte[] parity = new byte[ReedSolomon255.ParityLength];
        ReedSolomon255.Encode(new byte[ReedSolomon255.MessageLength], parity);

        Assert.That(parity, Is.All.Zero);
    }

    [TestCase(1, 223)]
    [TestCase(8, 223)]
    [TestCase(16, 223)]
    [TestCase(16, 100)]
    [TestCase(16, 17)]
    public void Decoder_corrects_up_to_16_symbol_errors_per_codeword(int errors, int messageLength)
    {
        var random = new Random(errors * 1000 + messageLength);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] codeword = RandomCodeword(messageLength, random);
            byte[] original = (byte[])codeword.Clone();
            SymbolErrors.Inject(codeword, errors, random);

            bool decoded = ReedSolomon255.TryDecode(codeword, out int corrected);

            Assert.That(decoded, Is.True, $"trial {trial}");
            Assert.That(corrected, Is.EqualTo(errors), $"trial {trial}");
            Assert.That(codeword, Is.EqualTo(original), $"trial {trial}");
        }
    }

    [Test]
    public void Errors_confined_to_the_parity_symbols_are_corrected()
    {
        var random = new Random(7);
        byte[] codeword = RandomCodeword(ReedSolomon255.MessageLength, random);
        byte[] original = (byte[])codeword.Clone();
        SymbolErrors.Inject(codeword, 16, random, offset: ReedSolomon255.MessageLength);

        Assert.That(ReedSolomon255.TryDecode(codeword, out int corrected), Is.True);
        Assert.That(corrected, Is.EqualTo(16));
        Assert.That(codeword, Is.EqualTo(original));
    }

    [TestCase(17)]
    [TestCase(24)]
    [TestCase(100)]
    public void Decoder_flags_too_many_errors_and_leaves_the_codeword_as_received(int errors)
    {
        var random = new Random(errors);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] codeword = RandomCodeword(ReedSolomon255.MessageLength, random);
            SymbolErrors.Inject(codeword, errors, random);
            byte[] received = (byte[])codeword.Clone();

            bool decoded = ReedSolomon255.TryDecode(codeword, out int corrected);

            Assert.That(decoded, Is.False, $"trial {trial}");
            Assert.That(corrected, Is.EqualTo(ReedSolomon255.UncorrectableCodeword));
            Assert.That(codeword, Is.EqualTo(received), $"trial {trial}");
        }
    }

    [TestCase(0)]
    [TestCase(224)]
    public void Encode_rejects_a_message_length_outside_1_to_223(int length)
    {
        byte[] parity = new byte[ReedSolomon255.ParityLength];

        Assert.That(() => ReedSolomon255.Encode(new byte[length], parity),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Encode_rejects_a_parity_buffer_shorter_than_32()
    {
        Assert.That(() => ReedSolomon255.Encode(new byte[10], new byte[31]),
            Throws.ArgumentException.With.Message.Contains("31"));
    }

    [TestCase(0)]
    [TestCase(32)]
    [TestCase(256)]
    public void TryDecode_rejects_a_codeword_length_outside_33_to_255(int length)
    {
        Assert.That(() => ReedSolomon255.TryDecode(new byte[length], out _),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("33..255"));
    }

    internal static byte[] RandomCodeword(int messageLength, Random random)
    {
        byte[] codeword = new byte[messageLength + ReedSolomon255.ParityLength];
        random.NextBytes(codeword.AsSpan(0, messageLength));
        ReedSolomon255.Encode(codeword.AsSpan(0, messageLength), codeword.AsSpan(messageLength));
        return codeword;
    }
}
