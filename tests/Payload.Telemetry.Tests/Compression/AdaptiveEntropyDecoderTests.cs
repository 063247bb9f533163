using System.Buffers;
using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Tests.Compression;

[TestFixture]
public sealed class AdaptiveEntropyDecoderTests
{
    [TestCaseSource(typeof(HandComputedStreams), nameof(HandComputedStreams.All))]
    public void Decoder_reads_the_hand_computed_stream(Ccsds121Parameters parameters, uint[] expected, byte[] stream)
    {
        uint[] decoded = new uint[expected.Length];

        int consumed = new AdaptiveEntropyDecoder(parameters).Decode(stream, decoded);

        Assert.That(decoded, Is.EqualTo(expected));
        Assert.That(consumed, Is.EqualTo(stream.Length));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(57)]
    [TestCase(-1)]
    public void Stream_cut_short_is_reported_as_truncated_at_its_end(int cut)
    {
        Ccsds121Parameters parameters = new(16, 16, 8);
        uint[] samples = SampleData.Create(SampleKind.ImageLike, 500, 16, signed: false, seed: 2);
        byte[] stream = Encode(parameters, samples);
        int keep = cut >= 0 ? cut : stream.Length + cut;

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(
            () => new AdaptiveEntropyDecoder(parameters).Decode(stream.AsSpan(0, keep), new uint[samples.Length]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.TruncatedStream));
        Assert.That(error.ByteOffset, Is.LessThanOrEqualTo(keep));
        Assert.That(error.BlockIndex, Is.InRange(0, (samples.Length / 16) + 1));
        Assert.That(error.Message, Does.Contain("cut short").And.Contain($"block {error.BlockIndex}"));
    }

    [Test]
    public void Split_option_with_k_of_n_bits_or_more_is_an_invalid_option_id()
    {
        // n = 12 uses 4-bit IDs; ID 1101 would select k = 12, which 12-bit samples cannot use.
        Ccsds121Parameters parameters = new(12, 8, 1);

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(
            () => new AdaptiveEntropyDecoder(parameters).Decode([0xD0, 0, 0, 0, 0, 0, 0, 0, 0, 0], new uint[8]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.InvalidOptionId));
        Assert.That(error.BitOffset, Is.Zero);
        Assert.That(error.BlockIndex, Is.Zero);
        Assert.That(error.Message, Does.Contain("option ID 13").And.Contain("k = 0..11"));
    }

    [Test]
    public void Invalid_option_id_in_a_later_block_names_that_block_and_offset()
    {
        // n = 4 (3-bit IDs, k ≤ 3). Block 0: second extension of eight zeros = 0001 1111 = 0x1F;
        // block 1 opens with ID 110 (k = 5).
        Ccsds121Parameters parameters = new(4, 8, 8, preprocess: false);

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(
            () => new AdaptiveEntropyDecoder(parameters).Decode([0x1F, 0xC0, 0, 0, 0, 0], new uint[16]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.InvalidOptionId));
        Assert.That(error.BitOffset, Is.EqualTo(8));
        Assert.That(error.ByteOffset, Is.EqualTo(1));
        Assert.That(error.BlockIndex, Is.EqualTo(1));
    }

    [Test]
    public void Zero_run_longer_than_the_interval_is_rejected()
    {
        // ID 000, bit 0, FS(2) = 001: three zero blocks, in an interval of two.
        Ccsds121Parameters parameters = new(8, 8, 2, preprocess: false);

        Ccsds121Exception error = Assert.Throws<Ccsds121Exception>(
            () => new AdaptiveEntropyDecoder(parameters).Decode([0x02], new uint[16]))!;

        Assert.That(error.Kind, Is.EqualTo(Ccsds121ErrorKind.ZeroRunPastInterval));
        Assert.That(error.Message, Does.Contain("3 block(s)").And.Contain("only 2"));
    }

    [Test]
    public void Failed_decode_clears_the_destination_and_leaves_the_decoder_usable()
    {
        Ccsds121Parameters parameters = new(16, 16, 8);
        uint[] samples = SampleData.Create(SampleKind.ImageLike, 300, 16, signed: false, seed: 4);
        byte[] stream = Encode(parameters, samples);
        AdaptiveEntropyDecoder decoder = new(parameters);
        uint[] destination = new uint[samples.Length];

        Assert.Throws<Ccsds121Exception>(() => decoder.Decode(stream.AsSpan(0, stream.Length / 2), destination));
        Assert.That(destination, Is.All.Zero, "no half-decoded product is left behind");

        decoder.Decode(stream, destination);
        Assert.That(destination, Is.EqualTo(samples));
    }

    [Test]
    public void Decode_consumes_only_its_own_stream_and_reports_the_bytes()
    {
        Ccsds121Parameters parameters = new(12, 32, 2);
        uint[] samples = SampleData.Create(SampleKind.Steps, 1000, 12, signed: false, seed: 8);
        byte[] stream = Encode(parameters, samples);
        byte[] followed = [.. stream, 0xFF, 0xFF, 0xFF];
        uint[] decoded = new uint[samples.Length];

        int consumed = new AdaptiveEntropyDecoder(parameters).Decode(followed, decoded);

        Assert.That(consumed, Is.EqualTo(stream.Length));
        Assert.That(decoded, Is.EqualTo(samples));
    }

    [Test]
    public void Decode_to_end_returns_whole_blocks_with_the_short_last_block_padded()
    {
        Ccsds121Parameters parameters = new(16, 8, 2);
        uint[] samples = SampleData.Create(SampleKind.ImageLike, 45, 16, signed: false, seed: 9);
        byte[] stream = Encode(parameters, samples);
        ArrayBufferWriter<uint> output = new();

        long count = new AdaptiveEntropyDecoder(parameters).DecodeToEnd(stream, output);

        Assert.That(count, Is.EqualTo(48));
        Assert.That(output.WrittenSpan[..45].ToArray(), Is.EqualTo(samples));
        Assert.That(output.WrittenSpan[45..].ToArray(), Is.All.EqualTo(samples[44]));
    }

    [Test]
    public void Decode_to_end_of_an_empty_stream_gives_no_samples()
    {
        ArrayBufferWriter<uint> output = new();

        long count = new AdaptiveEntropyDecoder(new(16, 16, 8)).DecodeToEnd([], output);

        Assert.That(count, Is.Zero);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Corrupted_streams_fail_only_with_the_typed_exception(int seed)
    {
        Ccsds121Parameters parameters = new(16, 16, 16);
        uint[] samples = SampleData.Create(SampleKind.Steps, 4000, 16, signed: false, seed: seed);
        byte[] stream = Encode(parameters, samples);
        AdaptiveEntropyDecoder decoder = new(parameters);
        uint[] decoded = new uint[samples.Length];
        Random random = new(seed);
        int typedFailures = 0;

        for (int trial = 0; trial < 200; trial++)
        {
            byte[] corrupted = (byte[])stream.Clone();
            int flips = random.Next(1, 8);
            for (int f = 0; f < flips; f++)
            {
                int bit = random.Next(corrupted.Length * 8);
                corrupted[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            }

            try
            {
                decoder.Decode(corrupted, decoded);
            }
            catch (Ccsds121Exception)
            {
                typedFailures++;
            }
        }

        Assert.That(typedFailures, Is.GreaterThan(0), "some corruptions must be caught as malformed");
    }

    private static byte[] Encode(Ccsds121Parameters parameters, uint[] samples)
    {
        byte[] output = new byte[parameters.MaxEncodedLength(samples.Length)];
        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, output);
        return output[..length];
    }
}
