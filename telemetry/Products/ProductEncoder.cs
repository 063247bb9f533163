using System.Buffers;
using System.Buffers.Binary;
using Payload.Telemetry.Compression;
using Payload.Telemetry.Frames;
using L = Payload.Telemetry.Products.ProductLayout;

namespace Payload.Telemetry.Products;

/// <summary>
/// Writes downlink products (layout in telemetry/Products/README.md): header, the kind's detail
/// block, the payload compressed with CCSDS 121.0-B, and a CRC-16. One CCSDS 121 encoder per
/// sample resolution is created on first use and reused, so steady-state encoding allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: use one encoder per thread.</remarks>
public sealed class ProductEncoder
{
    private readonly AdaptiveEntropyEncoder?[] _encoders = new AdaptiveEntropyEncoder?[2 * (AdaptiveEntropyCoding.MaxBitsPerSample + 1)];

    /// <summary>An encoder using CCSDS 121 block size <paramref name="blockSize"/> and reference sample interval <paramref name="referenceSampleInterval"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">J is not 8/16/32/64 or r is not 1..4096.</exception>
    public ProductEncoder(int blockSize = 16, int referenceSampleInterval = 128)
    {
        if (!AdaptiveEntropyCoding.IsValidBlockSize(blockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size J must be 8, 16, 32 or 64.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(referenceSampleInterval, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(referenceSampleInterval, AdaptiveEntropyCoding.MaxReferenceSampleInterval);
        BlockSize = blockSize;
        ReferenceSampleInterval = referenceSampleInterval;
    }

    /// <summary>J: CCSDS 121 samples per block.</summary>
    public int BlockSize { get; }

    /// <summary>r: CCSDS 121 blocks per reference sample interval.</summary>
    public int ReferenceSampleInterval { get; }

    /// <summary>Largest product <paramref name="header"/> can produce: size a destination with it.</summary>
    /// <exception cref="ArgumentException">A header field is out of range (see <see cref="Encode(in ProductHeader, ReadOnlySpan{byte}, Span{byte})"/>).</exception>
    public int MaxLength(in ProductHeader header)
    {
        Check(header);
        return L.HeaderLength + L.DetailLength(header.Kind) + EncoderFor(header).Parameters.MaxEncodedLength(checked((int)header.SampleCount)) + L.CrcLength;
    }

    /// <summary>
    /// Writes a class map, confidence map or quicklook product. <paramref name="samples"/> holds the
    /// header's Width × Height × Bands samples, band-sequential, as a raw little-endian buffer
    /// (1 octet per sample up to 8 bits, 2 up to 16, 4 above; a class map's bytes as they are).
    /// Returns the product's length.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is Alert/SceneSummary, a header field is out of range, the sample buffer has the wrong length or <paramref name="destination"/> is shorter than <see cref="MaxLength"/>.</exception>
    /// <exception cref="Ccsds121Exception">A sample does not fit the header's bits per sample.</exception>
    public int Encode(in ProductHeader header, ReadOnlySpan<byte> samples, Span<byte> destination)
    {
        if (header.Kind is ProductKind.Alert or ProductKind.SceneSummary)
        {
            throw new ArgumentException($"Kind {header.Kind} has a detail block: use {(header.Kind == ProductKind.Alert ? nameof(EncodeAlert) : nameof(EncodeSceneSummary))}.", nameof(header));
        }

        return EncodeRaw(header, samples, destination);
    }

    /// <summary>Writes an alert product; <paramref name="thumbnail"/> is a raw sample buffer as for <see cref="Encode(in ProductHeader, ReadOnlySpan{byte}, Span{byte})"/>, described by the header.</summary>
    /// <exception cref="ArgumentException">The kind is not Alert, a field is out of range, or the buffers have the wrong length.</exception>
    public int EncodeAlert(in ProductHeader header, in AlertDetail alert, ReadOnlySpan<byte> thumbnail, Span<byte> destination)
    {
        RequireKind(header, ProductKind.Alert);
        Span<byte> detail = DetailSpan(header, destination);
        detail[0] = alert.ClassIndex;
        detail[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(detail[2..], L.ToFraction16(alert.AreaFraction, nameof(alert.AreaFraction)));
        BinaryPrimitives.WriteUInt16BigEndian(detail[4..], L.ToFraction16(alert.Confidence, nameof(alert.Confidence)));
        BinaryPrimitives.WriteUInt16BigEndian(detail[6..], alert.TileWidth);
        BinaryPrimitives.WriteUInt16BigEndian(detail[8..], alert.TileHeight);
        return EncodeRaw(header, thumbnail, destination);
    }

    /// <summary>
    /// Writes a scene summary product: one 32-bit pixel count per class. The header's Width must be
    /// the class count, Height and Bands 1, BitsPerSample 32.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is not SceneSummary, a field is out of range, or the counts do not match the header.</exception>
    public int EncodeSceneSummary(in ProductHeader header, in SceneSummaryDetail summary, ReadOnlySpan<uint> classPixelCounts, Span<byte> destination)
    {
        RequireKind(header, ProductKind.SceneSummary);
        Span<byte> detail = DetailSpan(header, destination);
        BinaryPrimitives.WriteUInt16BigEndian(detail, summary.SceneWidth);
        BinaryPrimitives.WriteUInt16BigEndian(detail[2..], summary.SceneHeight);
        BinaryPrimitives.WriteUInt16BigEndian(detail[4..], summary.TileCount);
        BinaryPrimitives.WriteUInt16BigEndian(detail[6..], L.ToFraction16(summary.ConfidenceMean, nameof(summary.ConfidenceMean)));
        BinaryPrimitives.WriteUInt16BigEndian(detail[8..], L.ToFraction16(summary.LowestTileConfidence, nameof(summary.LowestTileConfidence)));
        return EncodeRaw(header, MemoryMarshalBytes(classPixelCounts), destination);
    }

    /// <summary>As <see cref="Encode(in ProductHeader, ReadOnlySpan{byte}, Span{byte})"/>, appending to <paramref name="output"/>.</summary>
    public int Encode(in ProductHeader header, ReadOnlySpan<byte> samples, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = Encode(header, samples, output.GetSpan(MaxLength(header)));
        output.Advance(length);
        return length;
    }

    /// <summary>As <see cref="EncodeAlert(in ProductHeader, in AlertDetail, ReadOnlySpan{byte}, Span{byte})"/>, appending to <paramref name="output"/>.</summary>
    public int EncodeAlert(in ProductHeader header, in AlertDetail alert, ReadOnlySpan<byte> thumbnail, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = EncodeAlert(header, alert, thumbnail, output.GetSpan(MaxLength(header)));
        output.Advance(length);
        return length;
    }

    /// <summary>As <see cref="EncodeSceneSummary(in ProductHeader, in SceneSummaryDetail, ReadOnlySpan{uint}, Span{byte})"/>, appending to <paramref name="output"/>.</summary>
    public int EncodeSceneSummary(in ProductHeader header, in SceneSummaryDetail summary, ReadOnlySpan<uint> classPixelCounts, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int length = EncodeSceneSummary(header, summary, classPixelCounts, output.GetSpan(MaxLength(header)));
        output.Advance(length);
        return length;
    }

    // The counts as the little-endian raw buffer CCSDS 121 reads for 32-bit samples.
    private static ReadOnlySpan<byte> MemoryMarshalBytes(ReadOnlySpan<uint> counts) =>
        BitConverter.IsLittleEndian ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(counts) : throw new PlatformNotSupportedException("Scene summaries are encoded on little-endian hosts only.");

    private static void RequireKind(in ProductHeader header, ProductKind kind)
    {
        if (header.Kind != kind)
        {
            throw new ArgumentException($"Header kind is {header.Kind}; this method writes {kind} products.", nameof(header));
        }
    }

    private Span<byte> DetailSpan(in ProductHeader header, Span<byte> destination)
    {
        int max = MaxLength(header);
        if (destination.Length < max)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets; the product may need {max}.", nameof(destination));
        }

        return destination.Slice(L.HeaderLength, L.DetailLength(header.Kind));
    }

    private int EncodeRaw(in ProductHeader header, ReadOnlySpan<byte> samples, Span<byte> destination)
    {
        int max = MaxLength(header);
        AdaptiveEntropyEncoder encoder = EncoderFor(header);
        long expected = header.SampleCount * encoder.Parameters.RawBytesPerSample;
        if (samples.Length != expected)
        {
            throw new ArgumentException($"The header describes {header.SampleCount} samples ({expected} raw octets); the buffer holds {samples.Length} octets.", nameof(samples));
        }

        if (destination.Length < max)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets; the product may need {max}.", nameof(destination));
        }

        int payloadStart = L.HeaderLength + L.DetailLength(header.Kind);
        int payloadLength = encoder.EncodeRaw(samples, destination[payloadStart..]);
        WriteHeader(header, encoder.Parameters, payloadLength, destination);
        int crcAt = payloadStart + payloadLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[crcAt..], Crc16Ccitt.Compute(destination[..crcAt]));
        return crcAt + L.CrcLength;
    }

    private static void WriteHeader(in ProductHeader header, Ccsds121Parameters coding, int payloadLength, Span<byte> d)
    {
        d[L.VersionOffset] = L.Version;
        d[L.KindOffset] = (byte)header.Kind;
        d[L.CodingOffset] = coding.Preprocess ? L.CodingCcsds121Predicted : L.CodingCcsds121Plain;
        d[L.BitsPerSampleOffset] = header.BitsPerSample;
        d[L.BandsOffset] = header.Bands;
        d[L.BlockSizeOffset] = (byte)coding.BlockSize;
        BinaryPrimitives.WriteUInt16BigEndian(d[L.ReferenceSampleIntervalOffset..], (ushort)coding.ReferenceSampleInterval);
        BinaryPrimitives.WriteUInt32BigEndian(d[L.SceneIdOffset..], header.SceneId);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.TileIdOffset..], header.TileId);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.TileRowOffset..], header.TileRow);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.TileColumnOffset..], header.TileColumn);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.TileXOffset..], header.TileX);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.TileYOffset..], header.TileY);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.WidthOffset..], header.Width);
        BinaryPrimitives.WriteUInt16BigEndian(d[L.HeightOffset..], header.Height);
        BinaryPrimitives.WriteInt64BigEndian(d[L.CaptureTimeOffset..], L.ToMicroseconds(header.CaptureTime));
        BinaryPrimitives.WriteUInt64BigEndian(d[L.ModelHashOffset..], header.ModelHash);
        BinaryPrimitives.WriteUInt32BigEndian(d[L.PayloadLengthOffset..], (uint)payloadLength);
    }

    private static void Check(in ProductHeader header)
    {
        string? expected = ProductRules.Problem(header.Kind, header.Width, header.Height, header.Bands, header.BitsPerSample, out string field, out long value);
        if (expected is not null)
        {
            throw new ArgumentException($"Header field {field} is {value}; expected {expected}.", nameof(header));
        }
    }

    // Scene summaries hold unrelated counts: the predictor would not help them.
    private AdaptiveEntropyEncoder EncoderFor(in ProductHeader header)
    {
        bool predict = header.Kind != ProductKind.SceneSummary;
        int slot = (predict ? 0 : AdaptiveEntropyCoding.MaxBitsPerSample + 1) + header.BitsPerSample;
        return _encoders[slot] ??= new AdaptiveEntropyEncoder(new Ccsds121Parameters(header.BitsPerSample, BlockSize, ReferenceSampleInterval, signed: false, preprocess: predict));
    }
}
