using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Payload.GroundTest.Imaging;

namespace Payload.GroundTest.Tests.Imaging;

/// <summary>
/// A test-side PNG reader for 8-bit non-interlaced images (grey, RGB, indexed, and RGBA as browsers' screenshots are): checks the signature and every chunk's
/// CRC, inflates the IDAT data and undoes the five row filters. Written independently of the encoder
/// (its own bitwise CRC) so a shared mistake cannot hide.
/// </summary>
internal static class PngReader
{
    /// <summary>Truecolour with alpha (PNG spec §11.2.2), which our encoder never writes.</summary>
    public const int RgbaColorType = 6;

    public static PngImage Read(byte[] file)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!file.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("Not a PNG signature.");
        }

        List<string> chunkTypes = [];
        int width = 0, height = 0, colorType = -1;
        byte[] palette = [];
        using MemoryStream idat = new();
        int at = 8;
        while (at < file.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            string type = Encoding.ASCII.GetString(file, at + 4, 4);
            ReadOnlySpan<byte> data = file.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            if (crc != BitwiseCrc32(file.AsSpan(at + 4, length + 4)))
            {
                throw new InvalidDataException($"CRC mismatch in chunk {type}.");
            }

            chunkTypes.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    colorType = data[9];
                    if (data[8] != 8 || data[12] != 0)
                    {
                        throw new InvalidDataException("Only 8-bit non-interlaced images are read here.");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + length;
        }

        int channels = colorType switch { 0 or 3 => 1, 2 => 3, RgbaColorType => 4, _ => throw new InvalidDataException($"Colour type {colorType}.") };
        int stride = width * channels;
        idat.Position = 0;
        using ZLibStream zlib = new(idat, CompressionMode.Decompress);
        using MemoryStream raw = new();
        zlib.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        byte[] pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                int value = filtered[(y * (stride + 1)) + 1 + x];
                pixels[(y * stride) + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + ((a + b) / 2),
                    4 => value + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Filter type {filter}."),
                });
            }
        }

        return new PngImage(width, height, (PngColorType)colorType, pixels, palette, chunkTypes);
    }

    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

internal sealed record PngImage(int Width, int Height, PngColorType ColorType, byte[] Pixels, byte[] Palette, IReadOnlyList<string> ChunkTypes);
