using System.Runtime.InteropServices;

namespace Payload.Tests.Shared;

/// <summary>
/// libaec (Debian <c>libaec0</c>/<c>libaec-dev</c>), the reference CCSDS 121.0-B coder tests and
/// benchmarks compare against. C names kept verbatim from <c>/usr/include/libaec.h</c>
/// (libaec 1.0.6), hence the snake_case.
/// </summary>
internal static unsafe partial class LibAec
{
    private const string Library = "aec";

    public const uint AEC_DATA_SIGNED = 1;
    public const uint AEC_DATA_3BYTE = 2;
    public const uint AEC_DATA_MSB = 4;
    public const uint AEC_DATA_PREPROCESS = 8;
    public const uint AEC_RESTRICTED = 16;
    public const uint AEC_PAD_RSI = 32;
    public const uint AEC_NOT_ENFORCE = 64;

    public const int AEC_OK = 0;
    public const int AEC_CONF_ERROR = -1;
    public const int AEC_STREAM_ERROR = -2;
    public const int AEC_DATA_ERROR = -3;
    public const int AEC_MEM_ERROR = -4;

    private static readonly Lazy<bool> Loaded = new(() =>
        NativeLibrary.TryLoad("libaec.so.0", out _) || NativeLibrary.TryLoad("libaec.so", out _));

    /// <summary>True when the shared library can be loaded.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary><c>struct aec_stream</c>: six pointer-sized fields, four <c>unsigned int</c>, the state pointer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct aec_stream
    {
        public byte* next_in;
        public nuint avail_in;
        public nuint total_in;
        public byte* next_out;
        public nuint avail_out;
        public nuint total_out;
        public uint bits_per_sample;
        public uint block_size;
        public uint rsi;
        public uint flags;
        public void* state;
    }

    [LibraryImport(Library)]
    public static partial int aec_buffer_encode(aec_stream* strm);

    [LibraryImport(Library)]
    public static partial int aec_buffer_decode(aec_stream* strm);

    /// <summary>Encodes <paramref name="raw"/> into <paramref name="output"/>; returns the bytes written or throws with libaec's status.</summary>
    public static int Encode(ReadOnlySpan<byte> raw, Span<byte> output, int bitsPerSample, int blockSize, int rsi, uint flags)
    {
        fixed (byte* input = raw)
        fixed (byte* result = output)
        {
            aec_stream strm = new()
            {
                next_in = input,
                avail_in = (nuint)raw.Length,
                next_out = result,
                avail_out = (nuint)output.Length,
                bits_per_sample = (uint)bitsPerSample,
                block_size = (uint)blockSize,
                rsi = (uint)rsi,
                flags = flags,
            };
            int status = aec_buffer_encode(&strm);
            return status == AEC_OK ? (int)strm.total_out : throw new InvalidOperationException($"aec_buffer_encode returned {status} (n={bitsPerSample}, J={blockSize}, r={rsi}, flags={flags}).");
        }
    }

    /// <summary>Decodes <paramref name="compressed"/> until <paramref name="raw"/> is full; returns the bytes written or throws with libaec's status.</summary>
    public static int Decode(ReadOnlySpan<byte> compressed, Span<byte> raw, int bitsPerSample, int blockSize, int rsi, uint flags)
    {
        fixed (byte* input = compressed)
        fixed (byte* result = raw)
        {
            aec_stream strm = new()
            {
                next_in = input,
                avail_in = (nuint)compressed.Length,
                next_out = result,
                avail_out = (nuint)raw.Length,
                bits_per_sample = (uint)bitsPerSample,
                block_size = (uint)blockSize,
                rsi = (uint)rsi,
                flags = flags,
            };
            int status = aec_buffer_decode(&strm);
            return status == AEC_OK ? (int)strm.total_out : throw new InvalidOperationException($"aec_buffer_decode returned {status} (n={bitsPerSample}, J={blockSize}, r={rsi}, flags={flags}).");
        }
    }
}
