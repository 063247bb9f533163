using System.Buffers;
using Payload.Telemetry.Products;

namespace Payload.Telemetry.Tests.Products;

[TestFixture]
public sealed class ProductEncoderTests
{
    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(3, 2)]
    [TestCase(4, 2)]
    [TestCase(5, 3)]
    [TestCase(16, 4)]
    [TestCase(17, 5)]
    [TestCase(256, 8)]
    public void Class_maps_use_ceil_log2_of_the_class_count_bits(int classes, int bits) =>
        Assert.That(ProductHeader.BitsForClasses(classes), Is.EqualTo(bits));

    [Test]
    public void Every_header_field_lands_at_its_documented_offset()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.ClassMap, 3, 2, 1, 2);
        byte[] product = ProductSamples.Encode(header, [0, 1, 2, 3, 3, 3]);

        Assert.That(product[0], Is.EqualTo(1), "Version");
        Assert.That(product[1], Is.EqualTo((byte)ProductKind.ClassMap), "Kind");
        Assert.That(product[2], Is.EqualTo(1), "Coding");
        Assert.That(product[3], Is.EqualTo(2), "BitsPerSample");
        Assert.That(product[4], Is.EqualTo(1), "Bands");
        Assert.That(product[5], Is.EqualTo(16), "BlockSize");
        Assert.That(product[6..8], Is.EqualTo(new byte[] { 0, 128 }), "ReferenceSampleInterval");
        Assert.That(product[8..12], Is.EqualTo(new byte[] { 0xA1, 0xB2, 0xC3, 0xD4 }), "SceneId");
        Assert.That(product[12..22], Is.EqualTo(new byte[] { 0, 17, 0, 2, 0, 5, 2, 128, 1, 0 }), "TileId, TileRow, TileColumn, TileX, TileY");
        Assert.That(product[22..26], Is.EqualTo(new byte[] { 0, 3, 0, 2 }), "Width, Height");
        Assert.That(product[34..42], Is.EqualTo(new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF }), "ModelHash");
        Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(product.AsSpan(42)), Is.EqualTo(product.Length - 46 - 2), "PayloadLength");
    }

    [Test]
    public void Class_map_compresses_well_below_one_octet_per_pixel()
    {
        byte[] product = ProductSamples.ClassMapProduct();

        Assert.That(product.Length, Is.LessThan(40 * 30 / 2));
    }

    [Test]
    public void Buffer_writer_overload_writes_the_same_octets_as_the_span_overload()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.QuicklookRgb, 16, 8, 3, 8);
        byte[] samples = ProductSamples.Smooth(16 * 8 * 3, 8, 4);
        ArrayBufferWriter<byte> writer = new();

        int length = new ProductEncoder().Encode(header, samples, writer);

        Assert.That(writer.WrittenSpan.ToArray(), Is.EqualTo(ProductSamples.Encode(header, samples)));
        Assert.That(length, Is.EqualTo(writer.WrittenCount));
    }

    [Test]
    public void Encoding_again_allocates_nothing()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.ClassMap, 64, 64, 1, 2);
        byte[] map = ProductSamples.ClassMap(64, 64, 4, 3);
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        encoder.Encode(header, map, buffer);

        long before = GC.GetAllocatedBytesForCurrentThread();
        encoder.Encode(header, map, buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Sample_buffer_of_the_wrong_length_is_rejected()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.ClassMap, 4, 4, 1, 2);

        Assert.That(() => ProductSamples.Encode(header, new byte[15]), Throws.ArgumentException.With.Message.Contains("15 octets"));
    }

    [Test]
    public void Destination_shorter_than_max_length_is_rejected()
    {
        ProductHeader header = ProductSamples.Header(ProductKind.ClassMap, 4, 4, 1, 2);
        ProductEncoder encoder = new();

        Assert.That(() => encoder.Encode(header, new byte[16], new byte[encoder.MaxLength(header) - 1]), Throws.ArgumentException.With.Message.Contains("Destination"));
    }

    [TestCase(ProductKind.QuicklookRgb, 1, 8, "Bands")]
    [TestCase(ProductKind.QuicklookRgb, 3, 12, "BitsPerSample")]
    [TestCase(ProductKind.ClassMap, 2, 2, "Bands")]
    [TestCase(ProductKind.ConfidenceMap, 1, 0, "BitsPerSample")]
    [TestCase(ProductKind.ConfidenceMap, 1, 33, "BitsPerSample")]
    [TestCase((ProductKind)9, 1, 8, "Kind")]
    public void Header_out_of_range_for_its_kind_is_rejected_naming_the_field(ProductKind kind, int bands, int bits, string field)
    {
        ProductHeader header = ProductSamples.Header(kind, 4, 4, bands, bits);

        Assert.That(() => new ProductEncoder().MaxLength(header), Throws.ArgumentException.With.Message.Contains($"field {field}"));
    }

    [Test]
    public void Alert_and_summary_need_their_own_methods()
    {
        ProductHeader alert = ProductSamples.Header(ProductKind.Alert, 2, 2, 1, 8);
        ProductHeader map = ProductSamples.Header(ProductKind.ClassMap, 2, 2, 1, 2);
        ProductEncoder encoder = new();
        byte[] buffer = new byte[256];

        Assert.That(() => encoder.Encode(alert, new byte[4], buffer), Throws.ArgumentException.With.Message.Contains(nameof(ProductEncoder.EncodeAlert)));
        Assert.That(() => encoder.EncodeAlert(map, new AlertDetail(1, 0.5, 0.5, 64, 64), new byte[4], buffer), Throws.ArgumentException.With.Message.Contains("Alert"));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Alert_fraction_outside_zero_to_one_is_rejected(double fraction)
    {
        ProductHeader header = ProductSamples.Header(ProductKind.Alert, 2, 2, 1, 8);

        Assert.That(
            () => new ProductEncoder().EncodeAlert(header, new AlertDetail(1, fraction, 0.5, 64, 64), new byte[4], new byte[256]),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
