using System.Buffers.Binary;

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
                for (int i = 0; i < destination.Length; i++)
                {
                    ushort value = BinaryPrimitives.ReadUInt16LittleEndian(raw[(2 * i)..]);
                    destination[i] = signed ? (uint)(short)value : value;
                }

                break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw[(4 * i)..]);
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
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(raw[(2 * i)..], (ushort)samples[i]);
                }

                break;
            default:
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(raw[(4 * i)..], samples[i]);
                }

                break;
        }
    }
}
