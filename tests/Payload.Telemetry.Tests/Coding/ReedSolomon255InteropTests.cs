using Payload.Telemetry.Coding;
using Payload.Tests.Shared;

namespace Payload.Telemetry.Tests.Coding;

/// <summary>Our codec against Debian's libfec <c>encode_rs_ccsds</c> / <c>decode_rs_ccsds</c>, codeword by codeword.</summary>
public class ReedSolomon255InteropTests
{
    private static readonly int[] VirtualFills = [0, 1, 33, 111, 222];

    [SetUp]
    public void RequireLibFec()
    {
        if (!LibFec.IsAvailable)
        {
            Assert.Ignore(LibFec.InstallHint);
        }
    }

    [TestCaseSource(nameof(VirtualFills))]
    public void Encoder_parity_equals_encode_rs_ccsds(int virtualFill)
    {
        var random = new Random(virtualFill);
        byte[] message = new byte[ReedSolomon255.MessageLength - virtualFill];
        byte[] ours = new byte[ReedSolomon255.ParityLength];
        byte[] theirs = new byte[ReedSolomon255.ParityLength];
        for (int trial = 0; trial < 300; trial++)
        {
            random.NextBytes(message);

            ReedSolomon255.Encode(message, ours);
            LibFec.Encode(message, theirs, virtualFill);

            Assert.That(ours, Is.EqualTo(theirs), $"trial {trial}");
        }
    }

    [Test]
    public void Decoder_corrects_what_decode_rs_ccsds_corrects_with_the_same_count(
        [Range(1, 16)] int errors, [ValueSource(nameof(VirtualFills))] int virtualFill)
    {
        var random = new Random(errors * 1000 + virtualFill);
        for (int trial = 0; trial < 20; trial++)
        {
            byte[] original = ReedSolomon255Tests.RandomCodeword(ReedSolomon255.MessageLength - virtualFill, random);
            byte[] ours = (byte[])original.Clone();
            SymbolErrors.Inject(ours, errors, random);
            byte[] theirs = (byte[])ours.Clone();

            int theirCount = LibFec.Decode(theirs, virtualFill);
            bool decoded = ReedSolomon255.TryDecode(ours, out int ourCount);

            Assert.That(theirCount, Is.EqualTo(errors), $"libfec, trial {trial}");
            Assert.That(decoded, Is.True, $"trial {trial}");
            Assert.That(ourCount, Is.EqualTo(theirCount), $"trial {trial}");
            Assert.That(ours, Is.EqualTo(theirs).And.EqualTo(original), $"trial {trial}");
        }
    }

    [Test]
    public void Decoder_flags_as_uncorrectable_what_decode_rs_ccsds_flags(
        [Values(17, 18, 20, 32, 64)] int errors, [ValueSource(nameof(VirtualFills))] int virtualFill)
    {
        var random = new Random(errors * 1000 + virtualFill);
        int flagged = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            byte[] codeword = ReedSolomon255Tests.RandomCodeword(ReedSolomon255.MessageLength - virtualFill, random);
            int symbols = codeword.Length;
            SymbolErrors.Inject(codeword, Math.Min(errors, symbols), random);
            byte[] received = (byte[])codeword.Clone();
            byte[] theirs = (byte[])codeword.Clone();

            int theirCount = LibFec.Decode(theirs, virtualFill);
            bool decoded = ReedSolomon255.TryDecode(codeword, out int ourCount);

            Assert.That(decoded, Is.EqualTo(theirCount >= 0), $"trial {trial}: libfec returned {theirCount}");
            if (decoded)
            {
                // Beyond 16 errors a decoder may land on another codeword; both must land on the same one.
                Assert.That(ourCount, Is.EqualTo(theirCount), $"trial {trial}");
                Assert.That(codeword, Is.EqualTo(theirs), $"trial {trial}");
            }
            else
            {
                flagged++;
                Assert.That(codeword, Is.EqualTo(received), $"trial {trial}: an uncorrectable codeword is left as received");
            }
        }

        Assert.That(flagged, Is.GreaterThan(0), "libfec flagged none of the codewords: the comparison proved nothing");
    }

    [Test]
    public void Decoder_accepts_every_codeword_decode_rs_ccsds_finds_error_free()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 100; trial++)
        {
            byte[] codeword = ReedSolomon255Tests.RandomCodeword(ReedSolomon255.MessageLength, random);
            byte[] theirs = (byte[])codeword.Clone();

            Assert.That(LibFec.Decode(theirs, pad: 0), Is.Zero);
            Assert.That(ReedSolomon255.TryDecode(codeword, out int corrected) && corrected == 0, Is.True);
        }
    }
}
