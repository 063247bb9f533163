using System.Buffers.Binary;
using Payload.Telemetry.Products;

namespace Payload.Telemetry.Tests.Products;

[TestFixture]
public sealed class ProductDecoderTests
{
    private readonly ProductDecoder _decoder = new();

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(16)]
    [TestCase(200)]
    public void Class_map_round_trips(int classes)
    {
        ProductHeader header = ProductSamples.Header(ProductKind.ClassMap, 37, 23, 1, ProductHeader.BitsForClasses(classes));
        byte[] map = ProductSamples.ClassMap(37, 23, classes, classes);

        DecodedProduct decoded = _decoder.Decode(ProductSamples.Encode(header, map));

        Assert.That(decoded.Header, Is.EqualTo(header));
        Assert.That(decoded.Samples, Is.EqualTo(map.Select(b => (uint)b).ToArray()));
    }

    [TestCase(ProductKind.ConfidenceMap, 1, 8)]
    [TestCase(ProductKind.ConfidenceMap, 1, 12)]
    [TestCase(ProductKind.ConfidenceMap, 1, 32)]
    [TestCase(ProductKind.QuicklookRgb, 3, 8)]
    public void Image_products_round_trip(ProductKind kind, int bands, int bits)
    {
        ProductHeader header = ProductSamples.Header(kind, 19, 11, bands, bits);
        byte[] raw = ProductSamples.Smooth(19 * 11 * bands, bits, bits);
        byte[] product = ProductSamples.Encode(header, raw);

        DecodedProduct decoded = _decoder.Decode(product);

        uint[] expected = new uint[19 * 11 * bands];
        Payload.Telemetry.Compression.RawSamples.Unpack(raw, expected, bits, signed: false);
        Assert.That(decoded.Header, Is.EqualTo(header));
        Assert.That(decoded.Samples, Is.EqualTo(expected));
        Assert.That(decoded.Length, Is.EqualTo(product.Length));
        Assert.That(decoded.Alert, Is.Null);
        Assert.That(decoded.Summary, Is.Null);
    }

    [Test]
    public void Alert_round_trips_with_its_thumbnail()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.Alert, 8, 8, 1, 8);
        byte[] thumbnail = ProductSamples.Smooth(64, 8, 7);
        AlertDetail alert = new(3, 0.4321, 0.875, 256, 192);
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.EncodeAlert(header, alert, thumbnail, buffer);

        DecodedProduct decoded = _decoder.Decode(buffer.AsSpan(0, length));

        Assert.That(decoded.Header, Is.EqualTo(header));
        Assert.That(decoded.Samples, Is.EqualTo(thumbnail.Select(b => (uint)b).ToArray()));
        AlertDetail got = decoded.Alert!.Value;
        Assert.That(got.ClassIndex, Is.EqualTo(3));
        Assert.That(got.AreaFraction, Is.EqualTo(0.4321).Within(0.5 / 65535));
        Assert.That(got.Confidence, Is.EqualTo(0.875).Within(0.5 / 65535));
        Assert.That((got.TileWidth, got.TileHeight), Is.EqualTo(((ushort)256, (ushort)192)));
    }

    [Test]
    public void Scene_summary_round_trips_with_its_class_counts()
    {
        uint[] counts = [262_144, 0, 4_000_000_000, 17, 5];
        ProductHeader header = ProductSamples.Header(ProductKind.SceneSummary, counts.Length, 1, 1, 32) with { TileId = ProductHeader.WholeScene };
        SceneSummaryDetail summary = new(2048, 1024, 128, 0.93, 0.61);
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.EncodeSceneSummary(header, summary, counts, buffer);

        DecodedProduct decoded = _decoder.Decode(buffer.AsSpan(0, length));

        Assert.That(decoded.Samples, Is.EqualTo(counts));
        Assert.That(decoded.Compression.Preprocess, Is.False);
        SceneSummaryDetail got = decoded.Summary!.Value;
        Assert.That((got.SceneWidth, got.SceneHeight, got.TileCount), Is.EqualTo(((ushort)2048, (ushort)1024, (ushort)128)));
        Assert.That(got.ConfidenceMean, Is.EqualTo(0.93).Within(0.5 / 65535));
        Assert.That(got.LowestTileConfidence, Is.EqualTo(0.61).Within(0.5 / 65535));
    }

    [Test]
    public void Capture_time_keeps_whole_microseconds()
    {
        DecodedProduct decoded = _decoder.Decode(ProductSamples.ClassMapProduct());

        Assert.That(decoded.Header.CaptureTime, Is.EqualTo(ProductSamples.CaptureTime.AddTicks(1230)));
    }

    [Test]
    public void Every_truncation_is_a_product_format_error()
    {
        byte[] product = ProductSamples.ClassMapProduct();

        for (int keep = 0; keep < product.Length; keep++)
        {
            Assert.That(() => _decoder.Decode(product.AsSpan(0, keep)), Throws.InstanceOf<ProductFormatException>(), $"kept {keep} of {product.Length}");
        }
    }

    [TestCase(0)]
    [TestCase(45)]
    public void Header_cut_short_names_the_product_length(int keep)
    {
        byte[] product = ProductSamples.ClassMapProduct();

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(product.AsSpan(0, keep)))!;

        Assert.That((e.Field, e.Value), Is.EqualTo(("ProductLength", (long)keep)));
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(255)]
    public void Unknown_version_names_the_version(int version)
    {
        byte[] product = ProductSamples.ClassMapProduct();
        product[0] = (byte)version;

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(product))!;

        Assert.That((e.Field, e.Value), Is.EqualTo(("Version", (long)version)));
        Assert.That(e.Message, Does.Contain($"Version is {version}"));
    }

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(255)]
    public void Unknown_kind_names_the_kind(int kind)
    {
        byte[] product = ProductSamples.ClassMapProduct();
        product[1] = (byte)kind;

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(product))!;

        Assert.That((e.Field, e.Value), Is.EqualTo(("Kind", (long)kind)));
    }

    [TestCase(2, 0, "Coding")]
    [TestCase(2, 3, "Coding")]
    [TestCase(5, 12, "BlockSize")]
    [TestCase(3, 0, "BitsPerSample")]
    [TestCase(4, 0, "Bands")]
    [TestCase(23, 0, "Width")]
    public void Invalid_header_octet_names_its_field(int offset, int value, string field)
    {
        byte[] product = ProductSamples.ClassMapProduct();
        product[offset] = (byte)value;
        if (field == "Width")
        {
            product[offset - 1] = 0;
        }

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(product))!;

        Assert.That((e.Field, e.Value), Is.EqualTo((field, (long)value)));
    }

    [Test]
    public void Reference_sample_interval_zero_is_rejected()
    {
        byte[] product = ProductSamples.ClassMapProduct();
        product[6] = 0;
        product[7] = 0;

        Assert.That(() => _decoder.Decode(product), Throws.InstanceOf<ProductFormatException>().With.Property(nameof(ProductFormatException.Field)).EqualTo("ReferenceSampleInterval"));
    }

    [TestCase(1)]
    [TestCase(-1)]
    [TestCase(1_000_000)]
    public void Payload_length_that_lies_is_named(int lie)
    {
        byte[] product = ProductSamples.ClassMapProduct();
        uint stated = BinaryPrimitives.ReadUInt32BigEndian(product.AsSpan(42));
        BinaryPrimitives.WriteUInt32BigEndian(product.AsSpan(42), (uint)(stated + lie));

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(product))!;

        Assert.That((e.Field, e.Value), Is.EqualTo(("PayloadLength", (long)(stated + lie))));
        Assert.That(e.Message, Does.Contain($"expected {stated}"));
    }

    [Test]
    public void Flipped_payload_bit_fails_the_crc()
    {
        byte[] product = ProductSamples.ClassMapProduct();
        product[50] ^= 0x10;

        Assert.That(() => _decoder.Decode(product), Throws.InstanceOf<ProductFormatException>().With.Property(nameof(ProductFormatException.Field)).EqualTo("ProductCrc"));
    }

    [TestCase(1)]
    [TestCase(10)]
    public void Compressed_stream_cut_short_is_named_payload(int cut)
    {
        byte[] product = ProductSamples.ClassMapProduct();
        int payloadLength = (int)BinaryPrimitives.ReadUInt32BigEndian(product.AsSpan(42));
        byte[] shorter = [.. product.AsSpan(0, 46 + payloadLength - cut), 0, 0];
        BinaryPrimitives.WriteUInt32BigEndian(shorter.AsSpan(42), (uint)(payloadLength - cut));
        ProductSamples.FixCrc(shorter);

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => _decoder.Decode(shorter))!;

        Assert.That(e.Field, Is.EqualTo("Payload"));
        Assert.That(e.Message, Does.Contain("TruncatedStream"));
    }

    [Test]
    public void Sample_count_beyond_the_limit_is_refused_before_decoding()
    {
        byte[] product = ProductSamples.ClassMapProduct();

        ProductFormatException e = Assert.Throws<ProductFormatException>(() => new ProductDecoder(maxSamples: 1000).Decode(product))!;

        Assert.That((e.Field, e.Value), Is.EqualTo(("SampleCount", 1200L)));
    }

    [Test]
    public void Random_corruption_yields_a_product_or_a_product_format_error_only()
    {
        Random random = new(11);
        byte[] original = ProductSamples.ClassMapProduct();
        int decodedCount = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] product = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                product[random.Next(product.Length)] = (byte)random.Next(256);
            }

            if (trial % 2 == 0)
            {
                ProductSamples.FixCrc(product);
            }

            try
            {
                _decoder.Decode(product);
                decodedCount++;
            }
            catch (ProductFormatException)
            {
                // the expected outcome for most corruptions
            }
        }

        Assert.That(decodedCount, Is.LessThan(2000));
    }
}
