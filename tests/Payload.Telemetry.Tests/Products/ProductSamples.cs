using System.Buffers.Binary;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Products;

namespace Payload.Telemetry.Tests.Products;

/// <summary>Seeded products of every kind for the product format tests.</summary>
internal static class ProductSamples
{
    public static readonly DateTimeOffset CaptureTime = new(2026, 11, 22, 1, 2, 3, TimeSpan.Zero);

    public static ProductHeader Header(ProductKind kind, int width, int height, int bands, int bits) => new()
    {
        Kind = kind,
        SceneId = 0xA1B2C3D4,
        TileId = 17,
        TileRow = 2,
        TileColumn = 5,
        TileX = 640,
        TileY = 256,
        Width = (ushort)width,
        Height = (ushort)height,
        Bands = (byte)bands,
        BitsPerSample = (byte)bits,
        CaptureTime = CaptureTime.AddTicks(1230),
        ModelHash = 0x0123456789ABCDEF,
    };

    /// <summary>A blocky class map: runs of one class, as segmentation produces.</summary>
    public static byte[] ClassMap(int width, int height, int classes, int seed)
    {
        Random random = new(seed);
        byte[] map = new byte[width * height];
        byte current = 0;
        for (int i = 0; i < map.Length; i++)
        {
            if (random.Next(12) == 0)
            {
                current = (byte)random.Next(classes);
            }

            map[i] = current;
        }

        return map;
    }

    /// <summary>Smooth raw little-endian samples of <paramref name="bits"/> bits (1, 2 or 4 octets each).</summary>
    public static byte[] Smooth(int count, int bits, int seed)
    {
        Random random = new(seed);
        int bytesPerSample = bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
        uint max = bits == 32 ? uint.MaxValue : (1u << bits) - 1;
        byte[] raw = new byte[count * bytesPerSample];
        double value = max / 2.0;
        for (int i = 0; i < count; i++)
        {
            value = Math.Clamp(value + ((random.NextDouble() - 0.5) * max / 16), 0, max);
            uint sample = (uint)value;
            switch (bytesPerSample)
            {
                case 1: raw[i] = (byte)sample; break;
                case 2: BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(i * 2), (ushort)sample); break;
                default: BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(i * 4), sample); break;
            }
        }

        return raw;
    }

    public static byte[] Encode(ProductHeader header, byte[] samples)
    {
        ProductEncoder encoder = new();
        byte[] buffer = new byte[encoder.MaxLength(header)];
        int length = encoder.Encode(header, samples, buffer);
        return buffer[..length];
    }

    public static byte[] ClassMapProduct(int seed = 1)
    {
        ProductHeader header = Header(ProductKind.ClassMap, 40, 30, 1, ProductHeader.BitsForClasses(4));
        return Encode(header, ClassMap(40, 30, 4, seed));
    }

    /// <summary>Recomputes the trailing CRC after a test edited the product.</summary>
    public static void FixCrc(byte[] product)
    {
        int at = product.Length - 2;
        BinaryPrimitives.WriteUInt16BigEndian(product.AsSpan(at), Crc16Ccitt.Compute(product.AsSpan(0, at)));
    }
}
