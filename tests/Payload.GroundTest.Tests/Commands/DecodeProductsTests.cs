using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Payload.GroundTest.Tests.Imaging;
using Payload.Hal.Imaging;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Tests.Commands;

public class DecodeProductsTests
{
    private static readonly DateTimeOffset Captured = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Decode_writes_products_reassembled_from_segmented_packets_and_names_the_bad_one()
    {
        using TempFolder temp = new();
        string packets = temp.File("packets");
        Directory.CreateDirectory(packets);
        Random random = new(8);
        byte[] classMap = new byte[300 * 40];
        for (int i = 0; i < classMap.Length; i++)
        {
            classMap[i] = (byte)random.Next(4);
        }

        ProductEncoder encoder = new();
        ProductHeader mapHeader = Header(ProductKind.ClassMap, 300, 40, 1, 2);
        ProductHeader alertHeader = Header(ProductKind.Alert, 4, 4, 1, 8);
        ArrayBufferWriter<byte> map = new();
        encoder.Encode(mapHeader, classMap, map);
        ArrayBufferWriter<byte> alert = new();
        encoder.EncodeAlert(alertHeader, new AlertDetail(1, 0.6, 0.9, 300, 40), new byte[16], alert);
        byte[] corrupt = map.WrittenSpan.ToArray();
        corrupt[0] = 9;

        SpacePacketEncoder packetEncoder = new();
        ArrayBufferWriter<byte> stream = new();
        int count = packetEncoder.EncodeProduct(ProductApids.Bulk, map.WrittenSpan, 512, stream);
        count += packetEncoder.EncodeProduct(ProductApids.Alert, alert.WrittenSpan, 512, stream);
        count += packetEncoder.EncodeProduct(ProductApids.Bulk, corrupt, 512, stream);
        WritePacketFiles(packets, stream.WrittenSpan);
        string cadus = temp.File("products.cadu");
        string output = temp.File("decoded");

        (int frameExit, _, string frameErrors) = PacketFolderFixture.Run("frame", "--packets", packets, "--out", cadus);
        (int decodeExit, string decodeOutput, string decodeErrors) = PacketFolderFixture.Run("decode", "--in", cadus, "--out", output, "--classes", "land", "water", "vegetation", "cloud");

        Assert.That(frameExit, Is.Zero, frameErrors);
        Assert.That(count, Is.GreaterThan(3), "the class map is segmented");
        Assert.That(decodeExit, Is.Zero, decodeErrors);
        Assert.That(decodeOutput, Does.Match(@"products decoded\s+2\b").And.Match(@"products rejected\s+1\b"));
        Assert.That(decodeErrors, Does.Contain("Version is 9"));
        NpyArray npy = NpyFile.Read(Path.Combine(output, "products", "s000003-t0002-classmap.npy"));
        Assert.That(npy.Data, Is.EqualTo(classMap));
        Assert.That(PngReader.Read(File.ReadAllBytes(Path.Combine(output, "png", "s000003-t0002-classmap.png"))).Pixels, Is.EqualTo(classMap));
        JsonElement line = JsonDocument.Parse(File.ReadAllLines(Path.Combine(output, "alerts.jsonl")).Single()).RootElement;
        Assert.That(line.GetProperty("className").GetString(), Is.EqualTo("water"));
        Assert.That(File.ReadAllText(Path.Combine(output, "report.html")), Does.Contain("<section id=\"products\">"));
        Assert.That(Directory.GetDirectories(output).Select(Path.GetFileName), Does.Contain("apid-0256").And.Contain("apid-0257"), "packets are still written per APID");
    }

    private static void WritePacketFiles(string folder, ReadOnlySpan<byte> stream)
    {
        int index = 0;
        while (!stream.IsEmpty)
        {
            int length = SpacePacketHeader.Parse(stream).PacketLength;
            File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"p{index++:D5}.bin")), stream[..length].ToArray());
            stream = stream[length..];
        }
    }

    private static ProductHeader Header(ProductKind kind, int width, int height, int bands, int bits) => new()
    {
        Kind = kind,
        SceneId = 3,
        TileId = 2,
        Width = (ushort)width,
        Height = (ushort)height,
        Bands = (byte)bands,
        BitsPerSample = (byte)bits,
        CaptureTime = Captured,
    };
}
