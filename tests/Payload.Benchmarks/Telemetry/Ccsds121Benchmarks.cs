using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Payload.Telemetry.Compression;
using Payload.Tests.Shared;

namespace Payload.Benchmarks.Telemetry;

/// <summary>
/// CCSDS 121.0-B-3 encode and decode of 16-bit image-like data (smooth synthetic imagery plus
/// Gaussian noise σ = 16 counts; n = 16, J = 16, r = 128) against libaec in the same process.
/// Issue 3 asks for encode ≥ 0.5× libaec's throughput at the same compression ratio; both
/// ratios are printed by the global setup.
/// <c>dotnet run -c Release --project tests/Payload.Benchmarks -- --filter '*Ccsds121*'</c>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Ccsds121Benchmarks
{
    private const int Width = 512;
    private const int Height = 512;
    private const int Bits = 16;
    private const int BlockSize = 16;
    private const int Interval = 128;

    private readonly Ccsds121Parameters _parameters = new(Bits, BlockSize, Interval);
    private byte[] _raw = [];
    private byte[] _compressed = [];
    private byte[] _libAecCompressed = [];
    private byte[] _output = [];
    private byte[] _decoded = [];
    private int _compressedLength;
    private int _libAecCompressedLength;
    private AdaptiveEntropyEncoder _encoder = null!;
    private AdaptiveEntropyDecoder _decoder = null!;

    /// <summary>Bytes of raw samples per call, for throughput: divide by the mean time.</summary>
    public static int RawBytes => Width * Height * 2;

    [GlobalSetup]
    public void Setup()
    {
        if (!LibAec.IsAvailable)
        {
            throw new InvalidOperationException("libaec not found: install libaec-dev (apt-get install libaec0 libaec-dev).");
        }

        _raw = SmoothImageWithNoise(seed: 121);
        _encoder = new AdaptiveEntropyEncoder(_parameters);
        _decoder = new AdaptiveEntropyDecoder(_parameters);
        int capacity = _parameters.MaxEncodedLength(Width * Height) + 64;
        _output = new byte[capacity];
        _compressed = new byte[capacity];
        _libAecCompressed = new byte[capacity];
        _decoded = new byte[_raw.Length];
        _compressedLength = _encoder.EncodeRaw(_raw, _compressed);
        _libAecCompressedLength = LibAec.Encode(_raw, _libAecCompressed, Bits, BlockSize, Interval, LibAec.AEC_DATA_PREPROCESS);
        Console.WriteLine($"// CCSDS 121 n=16 J=16 r=128, {_raw.Length} raw bytes: ours {_compressedLength} bytes (ratio {(double)_raw.Length / _compressedLength:F4}), libaec {_libAecCompressedLength} bytes (ratio {(double)_raw.Length / _libAecCompressedLength:F4})");
    }

    [Benchmark(Baseline = true, Description = "libaec aec_buffer_encode")]
    [BenchmarkCategory("Encode")]
    public int LibAecEncode() => LibAec.Encode(_raw, _output, Bits, BlockSize, Interval, LibAec.AEC_DATA_PREPROCESS);

    [Benchmark(Description = "AdaptiveEntropyEncoder.EncodeRaw")]
    [BenchmarkCategory("Encode")]
    public int Encode() => _encoder.EncodeRaw(_raw, _output);

    [Benchmark(Baseline = true, Description = "libaec aec_buffer_decode")]
    [BenchmarkCategory("Decode")]
    public int LibAecDecode() => LibAec.Decode(_libAecCompressed.AsSpan(0, _libAecCompressedLength), _decoded, Bits, BlockSize, Interval, LibAec.AEC_DATA_PREPROCESS);

    [Benchmark(Description = "AdaptiveEntropyDecoder.DecodeRaw")]
    [BenchmarkCategory("Decode")]
    public int Decode() => _decoder.DecodeRaw(_compressed.AsSpan(0, _compressedLength), _decoded);

    /// <summary>A smooth scene (broad gradients and gentle relief) plus Gaussian noise of σ = 16 counts.</summary>
    private static byte[] SmoothImageWithNoise(int seed)
    {
        Random random = new(seed);
        byte[] raw = new byte[Width * Height * 2];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                double scene = 20000 + (3 * x) + (2 * y) + (1000 * Math.Sin(x / 120.0) * Math.Cos(y / 150.0)) + (300 * Math.Sin((x + y) / 70.0));
                double noise = 16 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                ushort value = (ushort)Math.Clamp(Math.Round(scene + noise), 0, ushort.MaxValue);
                int i = 2 * ((y * Width) + x);
                raw[i] = (byte)value;
                raw[i + 1] = (byte)(value >> 8);
            }
        }

        return raw;
    }
}
