using System.Buffers.Binary;
using Payload.Telemetry.Compression;
using Payload.Telemetry.Frames;
using L = Payload.Telemetry.Products.ProductLayout;

namespace Payload.Telemetry.Products;

/// <summary>
/// Reads downlink products on the ground. Anything that is not a valid product — truncated,
/// unknown version or kind, a length that lies, a failed CRC, a compressed stream cut short —
/// raises <see cref="ProductFormatException"/> naming the field and its value; nothing else is thrown.
/// </summary>
public sealed class ProductDecoder
{
    /// <summary>Default limit on samples per product (a 4096 × 4096 × 3 quicklook fits).</summary>
    public const long DefaultMaxSamples = 4096L * 4096 * 3;

    /// <summary>A decoder refusing products of more than <paramref name="maxSamples"/> samples (so a corrupt size cannot exhaust memory).</summary>
    public ProductDecoder(long maxSamples = DefaultMaxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        MaxSamples = maxSamples;
    }

    /// <summary>Largest sample count accepted.</summary>
    public long MaxSamples { get; }

    /// <summary>Checks and reads the common header only (the payload is neither checked nor decoded).</summary>
    /// <exception cref="ProductFormatException">The header is truncated or a field is invalid.</exception>
    public static ProductHeader ReadHeader(ReadOnlySpan<byte> product)
    {
        Require(product.Length >= L.HeaderLength, "ProductLength", product.Length, $"at least {L.HeaderLength} octets for the header");
        Require(product[L.VersionOffset] == L.Version, "Version", product[L.VersionOffset], $"{L.Version}");
        ProductKind kind = (ProductKind)product[L.KindOffset];
        int width = BinaryPrimitives.ReadUInt16BigEndian(product[L.WidthOffset..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(product[L.HeightOffset..]);
        string? expected = ProductRules.Problem(kind, width, height, product[L.BandsOffset], product[L.BitsPerSampleOffset], out string field, out long value);
        if (expected is not null)
        {
            throw new ProductFormatException(field, value, expected);
        }

        long microseconds = BinaryPrimitives.ReadInt64BigEndian(product[L.CaptureTimeOffset..]);
        long earliest = L.ToMicroseconds(DateTimeOffset.MinValue);
        long latest = L.ToMicroseconds(DateTimeOffset.MaxValue);
        Require(microseconds >= earliest && microseconds <= latest, "CaptureTime", microseconds, $"{earliest}..{latest} µs from 1970-01-01");
        return new ProductHeader
        {
            Kind = kind,
            SceneId = BinaryPrimitives.ReadUInt32BigEndian(product[L.SceneIdOffset..]),
            TileId = BinaryPrimitives.ReadUInt16BigEndian(product[L.TileIdOffset..]),
            TileRow = BinaryPrimitives.ReadUInt16BigEndian(product[L.TileRowOffset..]),
            TileColumn = BinaryPrimitives.ReadUInt16BigEndian(product[L.TileColumnOffset..]),
            TileX = BinaryPrimitives.ReadUInt16BigEndian(product[L.TileXOffset..]),
            TileY = BinaryPrimitives.ReadUInt16BigEndian(product[L.TileYOffset..]),
            Width = (ushort)width,
            Height = (ushort)height,
            Bands = product[L.BandsOffset],
            BitsPerSample = product[L.BitsPerSampleOffset],
            CaptureTime = DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond),
            ModelHash = BinaryPrimitives.ReadUInt64BigEndian(product[L.ModelHashOffset..]),
        };
    }

    /// <summary>Checks and decodes a whole product; <paramref name="product"/> must be exactly one product.</summary>
    /// <exception cref="ProductFormatException">The product is invalid; the message names field and value.</exception>
    public DecodedProduct Decode(ReadOnlySpan<byte> product)
    {
        ProductHeader header = ReadHeader(product);
        Ccsds121Parameters compression = ReadCoding(product, header);
        Require(header.SampleCount <= MaxSamples, "SampleCount", header.SampleCount, $"at most {MaxSamples} (Width × Height × Bands)");

        int detailLength = L.DetailLength(header.Kind);
        long payloadLength = BinaryPrimitives.ReadUInt32BigEndian(product[L.PayloadLengthOffset..]);
        long total = L.HeaderLength + detailLength + payloadLength + L.CrcLength;
        Require(total == product.Length, "PayloadLength", payloadLength, $"{product.Length - L.HeaderLength - detailLength - L.CrcLength} (the product is {product.Length} octets)");

        int crcAt = product.Length - L.CrcLength;
        ushort crc = BinaryPrimitives.ReadUInt16BigEndian(product[crcAt..]);
        ushort computed = Crc16Ccitt.Compute(product[..crcAt]);
        Require(crc == computed, "ProductCrc", crc, $"0x{computed:X4} computed over the product");

        ReadOnlySpan<byte> detail = product.Slice(L.HeaderLength, detailLength);
        AlertDetail? alert = header.Kind == ProductKind.Alert
            ? new AlertDetail(detail[0], L.FromFraction16(detail[2..]), L.FromFraction16(detail[4..]), BinaryPrimitives.ReadUInt16BigEndian(detail[6..]), BinaryPrimitives.ReadUInt16BigEndian(detail[8..]))
            : null;
        SceneSummaryDetail? summary = header.Kind == ProductKind.SceneSummary
            ? new SceneSummaryDetail(BinaryPrimitives.ReadUInt16BigEndian(detail), BinaryPrimitives.ReadUInt16BigEndian(detail[2..]), BinaryPrimitives.ReadUInt16BigEndian(detail[4..]), L.FromFraction16(detail[6..]), L.FromFraction16(detail[8..]))
            : null;

        uint[] samples = new uint[header.SampleCount];
        ReadOnlySpan<byte> payload = product.Slice(L.HeaderLength + detailLength, (int)payloadLength);
        int consumed;
        try
        {
            consumed = new AdaptiveEntropyDecoder(compression).Decode(payload, samples);
        }
        catch (Ccsds121Exception e)
        {
            throw new ProductFormatException("Payload", e.ByteOffset, $"a CCSDS 121.0-B stream of {header.SampleCount} samples ({e.Kind}: {e.Message})", e);
        }

        Require(consumed == payloadLength, "PayloadLength", payloadLength, $"{consumed}, the octets the compressed stream of {header.SampleCount} samples occupies");
        return new DecodedProduct(header, compression, alert, summary, samples, product.Length);
    }

    private static Ccsds121Parameters ReadCoding(ReadOnlySpan<byte> product, in ProductHeader header)
    {
        byte coding = product[L.CodingOffset];
        Require(coding is L.CodingCcsds121Predicted or L.CodingCcsds121Plain, "Coding", coding, $"{L.CodingCcsds121Predicted} or {L.CodingCcsds121Plain}");
        int blockSize = product[L.BlockSizeOffset];
        Require(AdaptiveEntropyCoding.IsValidBlockSize(blockSize), "BlockSize", blockSize, "8, 16, 32 or 64");
        int interval = BinaryPrimitives.ReadUInt16BigEndian(product[L.ReferenceSampleIntervalOffset..]);
        Require(interval is >= 1 and <= AdaptiveEntropyCoding.MaxReferenceSampleInterval, "ReferenceSampleInterval", interval, $"1..{AdaptiveEntropyCoding.MaxReferenceSampleInterval}");
        return new Ccsds121Parameters(header.BitsPerSample, blockSize, interval, signed: false, preprocess: coding == L.CodingCcsds121Predicted);
    }

    private static void Require(bool condition, string field, long value, string expected)
    {
        if (!condition)
        {
            throw new ProductFormatException(field, value, expected);
        }
    }
}
