using System.Runtime.InteropServices;

namespace Payload.Tests.Shared;

/// <summary>
/// Debian's libfec (package libfec-dev): its CCSDS dual-basis Reed-Solomon (255,223) codec, the independent
/// reference for interop tests and the baseline of the benchmarks. C names kept verbatim from fec.h.
/// </summary>
internal static unsafe partial class LibFec
{
    public const string LibraryName = "libfec.so.0";

    public const string InstallHint = "install libfec-dev (Debian package with libfec.so.0) to run the libfec interop tests";

    private static readonly Lazy<nint> Handle = new(() => NativeLibrary.TryLoad(LibraryName, out nint handle) ? handle : 0);

    /// <summary>Whether libfec.so.0 can be loaded.</summary>
    public static bool IsAvailable => Handle.Value != 0;

    /// <summary>libfec's conventional → dual basis table (<c>Taltab</c>, 256 entries).</summary>
    public static ReadOnlySpan<byte> Taltab => new((void*)NativeLibrary.GetExport(Handle.Value, "Taltab"), 256);

    /// <summary>libfec's dual → conventional basis table (<c>Tal1tab</c>, 256 entries).</summary>
    public static ReadOnlySpan<byte> Tal1tab => new((void*)NativeLibrary.GetExport(Handle.Value, "Tal1tab"), 256);

    /// <summary>32 parity symbols of a message of 223 − <paramref name="pad"/> symbols via <c>encode_rs_ccsds</c>.</summary>
    public static void Encode(ReadOnlySpan<byte> message, Span<byte> parity, int pad)
    {
        fixed (byte* data = message)
        fixed (byte* check = parity)
        {
            encode_rs_ccsds(data, check, pad);
        }
    }

    /// <summary>Decodes a codeword of 255 − <paramref name="pad"/> symbols in place via <c>decode_rs_ccsds</c>; corrected symbols, or -1.</summary>
    public static int Decode(Span<byte> codeword, int pad)
    {
        fixed (byte* data = codeword)
        {
            return decode_rs_ccsds(data, null, 0, pad);
        }
    }

#pragma warning disable SA1300, IDE1006, CA1401 // C names verbatim
    [LibraryImport(LibraryName)]
    private static partial void encode_rs_ccsds(byte* data, byte* parity, int pad);

    [LibraryImport(LibraryName)]
    private static partial int decode_rs_ccsds(byte* data, int* eras_pos, int no_eras, int pad);
#pragma warning restore SA1300, IDE1006, CA1401
}
