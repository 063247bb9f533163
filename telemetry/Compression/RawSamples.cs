using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// Raw sample buffers as libaec's <c>aec</c> reads and writes them: little-endian, 1 byte per
/// sample up to 8 bits, 2 up to 16, 4 above. Signed samples are sign-extended to the container.
/// </summary>
public static class RawSamples
{
    /// <summary>Bytes one sample of <paramref name="bitsPerSample"/> bits takes in a raw buffer.</summary>
    public static int BytesPerSample(int bitsPerSample) => AdaptiveEntropyCoding.RawBytesPerSample(bitsPerSample);

    /// <summary>Reads <paramref name="destination"/>.Length samples; signed samples come back sign-extended to 32 bits.</summary>
    public static void Unpack(ReadOnlySpan<byte> raw, Span<uint> destination, int bitsPerSample, bool signed)
    {
        int width = BytesPerSample(bitsPerSample);
        if (raw.Length < destination.Length * width)
        {
            throw new ArgumentException($"Raw buffer of {raw.Length} byte(s) holds fewer than {destination.Length} samples of {width} byte(s).", nameof(raw));
        }

        switch (width)
        {
            case 1:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = signed ? (uint)(sbyte)raw[i] : raw[i];
                }

                break;
            case 2:
                ReadOnlySpan<ushort> words = MemoryMarshal.Cast<byte, ushort>(raw[..(2 * destination.Length)]);
                for (int i = 0; i < destination.Length; i++)
                {
                    ushort word = BitConverter.IsLittleEndian ? words[i] : BinaryPrimitives.ReverseEndianness(words[i]);
                    destination[i] = signed ? (uint)(short)word : word;
                }

                break;
            default:
                ReadOnlySpan<uint> longs = MemoryMarshal.Cast<byte, uint>(raw[..(4 * destination.Length)]);
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.IsLittleEndian ? longs[i] : BinaryPrimitives.ReverseEndianness(longs[i]);
                }

                break;
        }
    }

    /// <summary>Writes <paramref name="samples"/> little-endian, truncated to the container width.</summary>
    public static void Pack(ReadOnlySpan<uint> samples, Span<byte> raw, int bitsPerSample)
    {
        int width = BytesPerSample(bitsPerSample);
        if (raw.Length < samples.Length * width)
        {
            throw new ArgumentException($"Raw buffer of {raw.Length} byte(s) cannot hold {samples.Length} samples of {width} byte(s).", nameof(raw));
        }

        switch (width)
        {
            case 1:
                for (int i = 0; i < samples.Length; i++)
                {
                    raw[i] = (byte)samples[i];
                }

                break;
            case 2:
                Span<ushort> words = MemoryMarshal.Cast<byte, ushort>(raw[..(2 * samples.Length)]);
                for (int i = 0; i < samples.Length; i++)
                {
                    ushort word = (ushort)samples[i];
                    words[i] = BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
                }

                break;
            default:
                Span<uint> longs = MemoryMarshal.Cast<byte, uint>(raw[..(4 * samples.Length)]);
                for (int i = 0; i < samples.Length; i++)
                {
                    longs[i] = BitConverter.IsLittleEndian ? samples[i] : BinaryPrimitives.ReverseEndianness(samples[i]);
                }

                break;
        }
    }
}
