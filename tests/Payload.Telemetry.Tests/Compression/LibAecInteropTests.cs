using Payload.Telemetry.Compression;
using Payload.Tests.Shared;

namespace Payload.Telemetry.Tests.Compression;

/// <summary>
/// Conformance against libaec, an independent CCSDS 121.0-B implementation: each side decodes
/// the other's streams bit-exactly (the standard fixes the syntax, not the encoder's choices).
/// </summary>
[TestFixture]
public sealed class LibAecInteropTests
{
    private static readonly int[] Resolutions = [8, 12, 16, 32];
    private static readonly int[] BlockSizes = [8, 16, 32, 64];
    private static readonly int[] Intervals = [1, 5, 128];

    [OneTimeSetUp]
    public void RequireLibAec()
    {
        if (!LibAec.IsAvailable)
        {
            Assert.Ignore("libaec not found: install libaec-dev (apt-get install libaec0 libaec-dev).");
        }
    }

    public static IEnumerable<TestCaseData> UnsignedCases()
    {
        foreach (int bits in Resolutions)
        {
            foreach (int blockSize in BlockSizes)
            {
                foreach (int interval in Intervals)
                {
                    foreach (SampleKind kind in Enum.GetValues<SampleKind>())
                    {
                        yield return new TestCaseData(bits, blockSize, interval, kind, false, true)
                            .SetArgDisplayNames($"n{bits}", $"J{blockSize}", $"r{interval}", kind.ToString());
                    }
                }
            }
        }
    }

    public static IEnumerable<TestCaseData> SignedAndRawCases()
    {
        foreach (int bits in Resolutions)
        {
            foreach (SampleKind kind in Enum.GetValues<SampleKind>())
            {
                yield return new TestCaseData(bits, 16, 32, kind, true, true)
                    .SetArgDisplayNames($"n{bits}", "J16", "r32", kind.ToString(), "signed");
                yield return new TestCaseData(bits, 32, 3, kind, false, false)
                    .SetArgDisplayNames($"n{bits}", "J32", "r3", kind.ToString(), "no-preprocess");
            }
        }
    }

    [TestCaseSource(nameof(UnsignedCases))]
    [TestCaseSource(nameof(SignedAndRawCases))]
    public void Our_stream_decodes_bit_exactly_with_libaec(int bits, int blockSize, int interval, SampleKind kind, bool signed, bool preprocess)
    {
        Ccsds121Parameters parameters = new(bits, blockSize, interval, signed, preprocess);
        uint[] samples = SampleData.Create(kind, SampleCount(blockSize, interval), bits, signed, seed: bits * 1000 + blockSize + interval);
        byte[] raw = Pack(samples, bits);

        byte[] compressed = new byte[parameters.MaxEncodedLength(samples.Length)];
        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, compressed);

        byte[] decoded = new byte[raw.Length];
        int written = LibAec.Decode(compressed.AsSpan(0, length), decoded, bits, blockSize, interval, Flags(signed, preprocess));

        Assert.That(written, Is.EqualTo(raw.Length));
        Assert.That(decoded, Is.EqualTo(raw));
    }

    [TestCaseSource(nameof(UnsignedCases))]
    [TestCaseSource(nameof(SignedAndRawCases))]
    public void LibAec_stream_decodes_bit_exactly_with_ours(int bits, int blockSize, int interval, SampleKind kind, bool signed, bool preprocess)
    {
        Ccsds121Parameters parameters = new(bits, blockSize, interval, signed, preprocess);
        uint[] samples = SampleData.Create(kind, SampleCount(blockSize, interval), bits, signed, seed: bits * 1000 + blockSize + interval + 1);
        byte[] raw = Pack(samples, bits);

        byte[] compressed = new byte[parameters.MaxEncodedLength(samples.Length) + 64];
        int length = LibAec.Encode(LibAecInput(samples, bits, signed), compressed, bits, blockSize, interval, Flags(signed, preprocess));

        AdaptiveEntropyDecoder decoder = new(parameters);
        uint[] decoded = new uint[samples.Length];
        int consumed = decoder.Decode(compressed.AsSpan(0, length), decoded);
        byte[] decodedRaw = new byte[raw.Length];
        decoder.DecodeRaw(compressed.AsSpan(0, length), decodedRaw);

        Assert.That(decoded, Is.EqualTo(samples));
        Assert.That(decodedRaw, Is.EqualTo(raw));
        Assert.That(consumed, Is.EqualTo(length));
    }

    [TestCaseSource(nameof(UnsignedCases))]
    public void Our_stream_is_never_longer_than_libaecs(int bits, int blockSize, int interval, SampleKind kind, bool signed, bool preprocess)
    {
        // Both coders gather zero runs the same way; per block ours takes the exact minimum.
        Ccsds121Parameters parameters = new(bits, blockSize, interval, signed, preprocess);
        uint[] samples = SampleData.Create(kind, SampleCount(blockSize, interval), bits, signed, seed: 7);
        byte[] ours = new byte[parameters.MaxEncodedLength(samples.Length)];
        byte[] theirs = new byte[parameters.MaxEncodedLength(samples.Length) + 64];

        int ourLength = new AdaptiveEntropyEncoder(parameters).Encode(samples, ours);
        int theirLength = LibAec.Encode(LibAecInput(samples, bits, signed), theirs, bits, blockSize, interval, Flags(signed, preprocess));

        Assert.That(ourLength, Is.LessThanOrEqualTo(theirLength));
    }

    [TestCase(200u)]
    [TestCase(5000u)]
    public void Lone_outlier_coded_as_a_long_fundamental_sequence_decodes_with_libaec(uint outlier)
    {
        // One large value in an otherwise zero 64-sample block: a small-k split wins, with an FS codeword of 32+ bits.
        Ccsds121Parameters parameters = new(16, 64, 4, preprocess: false);
        uint[] samples = new uint[256];
        samples[70] = outlier;
        byte[] compressed = new byte[parameters.MaxEncodedLength(samples.Length)];
        int length = new AdaptiveEntropyEncoder(parameters).Encode(samples, compressed);
        byte[] decoded = new byte[samples.Length * 2];

        LibAec.Decode(compressed.AsSpan(0, length), decoded, 16, 64, 4, Flags(signed: false, preprocess: false));
        uint[] ours = new uint[samples.Length];
        new AdaptiveEntropyDecoder(parameters).Decode(compressed.AsSpan(0, length), ours);

        Assert.That(decoded, Is.EqualTo(Pack(samples, 16)));
        Assert.That(ours, Is.EqualTo(samples));
        Assert.That(length, Is.LessThan(128), "zero runs and one split block, below one uncompressed 64 × 16-bit block");
    }

    /// <summary>Not a multiple of J nor of the interval, and long enough for several 64-block segments.</summary>
    private static int SampleCount(int blockSize, int interval) =>
        Math.Max(4099, (2 * blockSize * Math.Min(interval, 64)) + (3 * blockSize) + 5);

    private static uint Flags(bool signed, bool preprocess) =>
        (signed ? LibAec.AEC_DATA_SIGNED : 0) | (preprocess ? LibAec.AEC_DATA_PREPROCESS : 0);

    /// <summary>
    /// libaec 1.0.6's encoder takes signed samples narrower than their container as n-bit two's
    /// complement with the upper bits clear (sign-extended input corrupts its reference samples),
    /// while its decoder writes them sign-extended.
    /// </summary>
    private static byte[] LibAecInput(uint[] samples, int bits, bool signed)
    {
        uint mask = uint.MaxValue >> (32 - bits);
        return Pack(signed ? [.. samples.Select(s => s & mask)] : samples, bits);
    }

    private static byte[] Pack(uint[] samples, int bits)
    {
        byte[] raw = new byte[samples.Length * RawSamples.BytesPerSample(bits)];
        RawSamples.Pack(samples, raw, bits);
        return raw;
    }
}
