using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Payload.GroundTest.Imaging;

/// <summary>
/// Writes 8-bit grey, RGB or palette PNG images (PNG spec, 3rd ed.): signature, IHDR, PLTE for
/// palette images, one IDAT of zlib-compressed rows (filter type 0 per row), IEND; each chunk
/// carries its CRC-32.
/// </summary>
internal static class PngEncoder
{
    /// <summary>The PNG file signature (§5.2).</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Octets of the IHDR chunk data (§11.2.1).</summary>
    public const int HeaderDataLength = 13;

    /// <summary>Bit depth of every image written here.</summary>
    public const byte BitDepth = 8;

    /// <summary>Filter type "None" at the start of each row (§9.2).</summary>
    private const byte FilterNone = 0;

    /// <summary>Most entries a PLTE chunk may hold (§11.2.2).</summary>
    private const int MaxPaletteEntries = 256;

    /// <summary>Encodes an image; <paramref name="pixels"/> is row-major, 1 octet per pixel (3 for RGB), <paramref name="palette"/> RGB triples for indexed images.</summary>
    /// <exception cref="ArgumentException">Sizes and buffers do not agree.</exception>
    public static byte[] Encode(int width, int height, PngColorType colorType, ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> palette = default)
    {
        using MemoryStream stream = new();
        Write(stream, width, height, colorType, pixels, palette);
        return stream.ToArray();
    }

    /// <inheritdoc cref="Encode"/>
    public static void Write(Stream output, int width, int height, PngColorType colorType, ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> palette = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int channels = colorType == PngColorType.Rgb ? 3 : 1;
        int rowLength = width * channels;
        if (pixels.Length != (long)rowLength * height)
        {
            throw new ArgumentException($"A {width} x {height} {colorType} image needs {(long)rowLength * height} octets; got {pixels.Length}.", nameof(pixels));
        }

        if (colorType == PngColorType.Indexed && (palette.Length == 0 || palette.Length % 3 != 0 || palette.Length / 3 > MaxPaletteEntries))
        {
            throw new ArgumentException($"A palette is 1..{MaxPaletteEntries} RGB triples; got {palette.Length} octets.", nameof(palette));
        }

        output.Write(Signature);
        Span<byte> header = stackalloc byte[HeaderDataLength];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = BitDepth;
        header[9] = (byte)colorType;
        header[10] = 0; // compression method 0: deflate
        header[11] = 0; // filter method 0: adaptive filtering with five types
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR", header);
        if (colorType == PngColorType.Indexed)
        {
            WriteChunk(output, "PLTE", palette);
        }

        using MemoryStream compressed = new();
        using (ZLibStream zlib = new(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(FilterNone);
                zlib.Write(pixels.Slice(y * rowLength, rowLength));
            }
        }

        WriteChunk(output, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND", []);
    }

    // Length, type, data, CRC-32 over type and data (§5.3).
    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        uint crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, typeBytes), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
