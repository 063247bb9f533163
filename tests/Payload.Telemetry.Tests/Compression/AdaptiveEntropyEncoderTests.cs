using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Tests.Compression;

[TestFixture]
public sealed class AdaptiveEntropyEncoderTests
{
    [TestCaseSource(typeof(HandComputedStreams), nameof(HandComputedStreams.All))]
    public void Encoder_produces_the_hand_computed_stream(Ccsds121Parameters parameters, uint[] samples, byte[] expected)
    {
        byte[] output = new byte[parameters.MaxEncodedLength(samples.Length)];

        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, output);

        Assert.That(output[..length], Is.EqualTo(expected));
    }

    public static IEnumerable<TestCaseData> EveryResolution()
    {
        for (int bits = 1; bits <= 32; bits++)
        {
            foreach (SampleKind kind in new[] { SampleKind.ImageLike, SampleKind.Steps })
            {
                yield return new TestCaseData(bits, kind, false).SetArgDisplayNames($"n{bits}", kind.ToString(), "unsigned");
                if (bits >= 2)
                {
                    yield return new TestCaseData(bits, kind, true).SetArgDisplayNames($"n{bits}", kind.ToString(), "signed");
                }
            }
        }
    }

    [TestCaseSource(nameof(EveryResolution))]
    public void Round_trip_is_lossless_for_every_resolution(int bits, SampleKind kind, bool signed)
    {
        Ccsds121Parameters parameters = new(bits, 16, 4, signed);
        uint[] samples = SampleData.Create(kind, 1001, bits, signed, seed: bits);
        byte[] compressed = new byte[parameters.MaxEncodedLength(samples.Length)];
        uint[] decoded = new uint[samples.Length];

        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, compressed);
        new AdaptiveEntropyDecoder(parameters).Decode(compressed.AsSpan(0, length), decoded);

        Assert.That(decoded, Is.EqualTo(samples));
    }

    [TestCase(8, 8, 2)]
    [TestCase(12, 16, 5)]
    [TestCase(16, 64, 1)]
    [TestCase(32, 32, 3)]
    public void Raw_and_sample_inputs_give_the_same_stream(int bits, int blockSize, int interval)
    {
        Ccsds121Parameters parameters = new(bits, blockSize, interval);
        uint[] samples = SampleData.Create(SampleKind.ImageLike, 777, bits, signed: false, seed: 3);
        byte[] raw = new byte[samples.Length * parameters.RawBytesPerSample];
        RawSamples.Pack(samples, raw, bits);
        AdaptiveEntropyEncoder encoder = new(parameters);
        byte[] fromSamples = new byte[parameters.MaxEncodedLength(samples.Length)];
        byte[] fromRaw = new byte[fromSamples.Length];

        int lengthFromSamples = encoder.Encode(samples, fromSamples);
        int lengthFromRaw = encoder.EncodeRaw(raw, fromRaw);

        Assert.That(fromRaw[..lengthFromRaw], Is.EqualTo(fromSamples[..lengthFromSamples]));
    }

    [Test]
    public void Smooth_imagery_compresses_below_half_its_raw_size()
    {
        Ccsds121Parameters parameters = new(16, 16, 128);
        uint[] samples = SampleData.Create(SampleKind.ImageLike, 64 * 1024, 16, signed: false, seed: 11);
        byte[] compressed = new byte[parameters.MaxEncodedLength(samples.Length)];

        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, compressed);

        Assert.That(length, Is.LessThan(samples.Length), "half of two bytes per sample");
    }

    [Test]
    public void Empty_input_gives_an_empty_stream()
    {
        int length = new AdaptiveEntropyEncoder(new(16, 16, 128)).Encode([], []);

        Assert.That(length, Is.Zero);
    }

    [Test]
    public void Too_small_destination_is_reported_with_block_and_offset()
    {
        Ccsds121Parameters parameters = new(16, 16, 8);
        uint[] samples = SampleData.Create(SampleKind.Random, 1000, 16, signed: false, seed: 5);
        AdaptiveEntropyEncoder encoder = new(parameters);

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(() => encoder.Encode(samples, new byte[100]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.DestinationTooSmall));
        // Random 16-bit blocks go uncompressed, 4 + 256 bits each: three fit in 800 bits, the fourth does not.
        Assert.That(error.BlockIndex, Is.EqualTo(3));
        Assert.That(error.BitOffset, Is.EqualTo(3 * 260));
        Assert.That(error.Message, Does.Contain("100 byte(s)").And.Contain("block 3"));
    }

    [Test]
    public void TryEncode_returns_false_when_the_destination_is_too_small()
    {
        AdaptiveEntropyEncoder encoder = new(new(16, 16, 8));
        uint[] samples = SampleData.Create(SampleKind.Random, 1000, 16, signed: false, seed: 5);

        bool done = encoder.TryEncode(samples, new byte[100], out int written);

        Assert.That(done, Is.False);
        Assert.That(written, Is.Zero);
    }

    [TestCase(12u, false, 4096u)]
    [TestCase(8u, false, 256u)]
    [TestCase(8u, true, 300u)]
    [TestCase(12u, true, 0xFFFF_F7FFu)]
    public void Sample_that_does_not_fit_n_bits_is_rejected_naming_its_index(uint bits, bool signed, uint value)
    {
        uint[] samples = new uint[40];
        samples[21] = value;
        AdaptiveEntropyEncoder encoder = new(new((int)bits, 8, 2, signed));

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(() => encoder.Encode(samples, new byte[1000]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.SampleOutOfRange));
        Assert.That(error.BlockIndex, Is.EqualTo(2));
        Assert.That(error.Message, Does.StartWith("Sample 21 = "));
    }

    [Test]
    public void Signed_samples_are_accepted_as_n_bit_patterns_or_sign_extended()
    {
        Ccsds121Parameters parameters = new(12, 8, 2, signed: true);
        uint[] extended = [unchecked((uint)-2048), unchecked((uint)-1), 0, 2047, 5, unchecked((uint)-7), 3, 1];
        uint[] patterns = [.. extended.Select(v => v & 0xFFF)];
        AdaptiveEntropyEncoder encoder = new(parameters);
        byte[] a = new byte[64];
        byte[] b = new byte[64];

        int lengthA = encoder.Encode(extended, a);
        int lengthB = encoder.Encode(patterns, b);

        Assert.That(a[..lengthA], Is.EqualTo(b[..lengthB]));
    }

    [Test]
    public void Raw_buffer_that_is_not_whole_samples_is_rejected()
    {
        AdaptiveEntropyEncoder encoder = new(new(16, 16, 8));

        Assert.That(() => encoder.EncodeRaw(new byte[7], new byte[64]), Throws.ArgumentException.With.Message.Contains("7 byte(s)"));
    }

    [TestCase(0, 16, 8, "bitsPerSample")]
    [TestCase(33, 16, 8, "bitsPerSample")]
    [TestCase(16, 12, 8, "blockSize")]
    [TestCase(16, 128, 8, "blockSize")]
    [TestCase(16, 16, 0, "referenceSampleInterval")]
    [TestCase(16, 16, 4097, "referenceSampleInterval")]
    public void Parameters_outside_the_standard_are_rejected(int bits, int blockSize, int interval, string name)
    {
        Assert.That(
            () => new Ccsds121Parameters(bits, blockSize, interval),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(name));
    }
}
