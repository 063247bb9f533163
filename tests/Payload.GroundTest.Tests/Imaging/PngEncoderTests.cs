using System.Text;
using Payload.GroundTest.Imaging;

namespace Payload.GroundTest.Tests.Imaging;

[TestFixture]
public sealed class PngEncoderTests
{
    [Test]
    public void Crc32_gives_the_iso_hdlc_check_value() =>
        Assert.That(Crc32.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926));

    [Test]
    public void Crc32_of_nothing_is_zero() => Assert.That(Crc32.Compute([]), Is.Zero);

    [Test]
    public void Crc32_matches_a_bitwise_reference_on_random_data()
    {
        byte[] data = new byte[1000];
        new Random(5).NextBytes(data);

        Assert.That(Crc32.Compute(data), Is.EqualTo(PngReader.BitwiseCrc32(data)));
    }

    [Test]
    public void File_starts_with_the_signature_and_an_ihdr_naming_size_depth_and_colour_type()
    {
        byte[] png = PngEncoder.Encode(300, 2, PngColorType.Rgb, new byte[300 * 2 * 3]);

        byte[] expected =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
            0, 0, 0x01, 0x2C, 0, 0, 0, 2, 8, 2, 0, 0, 0,
        ];
        Assert.That(png[..expected.Length], Is.EqualTo(expected));
        uint crc = PngReader.BitwiseCrc32(png.AsSpan(12, 17));
        Assert.That(png[29..33], Is.EqualTo(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc }));
        Assert.That(png[^12..], Is.EqualTo(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }));
    }

    [TestCase(0, 1)]
    [TestCase(2, 3)]
    public void Image_decodes_back_to_its_pixels(int colorTypeCode, int channels)
    {
        PngColorType colorType = (PngColorType)colorTypeCode;
        byte[] pixels = new byte[37 * 21 * channels];
        new Random(3).NextBytes(pixels);

        PngImage image = PngReader.Read(PngEncoder.Encode(37, 21, colorType, pixels));

        Assert.That((image.Width, image.Height, image.ColorType), Is.EqualTo((37, 21, colorType)));
        Assert.That(image.Pixels, Is.EqualTo(pixels));
        Assert.That(image.ChunkTypes, Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
    }

    [Test]
    public void Indexed_image_carries_its_palette_before_the_data()
    {
        byte[] indices = [0, 1, 2, 3, 3, 2, 1, 0];
        byte[] palette = ClassPalette.For(4);

        PngImage image = PngReader.Read(PngEncoder.Encode(4, 2, PngColorType.Indexed, indices, palette));

        Assert.That(image.ChunkTypes, Is.EqualTo(new[] { "IHDR", "PLTE", "IDAT", "IEND" }));
        Assert.That(image.Palette, Is.EqualTo(palette));
        Assert.That(image.Pixels, Is.EqualTo(indices));
    }

    [Test]
    public void Pixel_buffer_of_the_wrong_size_is_refused() =>
        Assert.That(() => PngEncoder.Encode(4, 4, PngColorType.Rgb, new byte[16]), Throws.ArgumentException.With.Message.Contains("48"));

    [TestCase(0)]
    [TestCase(4)]
    [TestCase(771)]
    public void Palette_that_is_not_1_to_256_triples_is_refused(int length) =>
        Assert.That(() => PngEncoder.Encode(1, 1, PngColorType.Indexed, [0], new byte[length]), Throws.ArgumentException.With.Message.Contains("palette"));

    [Test]
    public void Class_palette_gives_distinct_colours_to_many_classes()
    {
        byte[] palette = ClassPalette.For(40);

        HashSet<int> colours = [.. Enumerable.Range(0, 40).Select(k => (palette[k * 3] << 16) | (palette[(k * 3) + 1] << 8) | palette[(k * 3) + 2])];

        Assert.That(colours, Has.Count.EqualTo(40));
    }
}
