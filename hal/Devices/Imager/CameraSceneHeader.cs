using System.Buffers.Binary;
using System.Text;

namespace Payload.Hal.Devices.Imager;

/// <summary>
/// Payload of a <see cref="CameraFrameType.SceneHeader"/> frame (README.md §2): scene id, capture time
/// (Unix milliseconds, i64), width and height (u16), bit depth and band count (u8), band names. Strings are
/// a u8 length then UTF-8; integers big-endian.
/// </summary>
internal sealed record CameraSceneHeader(string SceneId, DateTimeOffset CaptureTime, int Width, int Height, int BitDepth, IReadOnlyList<string> BandNames)
{
    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        WriteString(stream, SceneId);
        Span<byte> numbers = stackalloc byte[14];
        BinaryPrimitives.WriteInt64BigEndian(numbers, CaptureTime.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(numbers[8..], checked((ushort)Width));
        BinaryPrimitives.WriteUInt16BigEndian(numbers[10..], checked((ushort)Height));
        numbers[12] = checked((byte)BitDepth);
        numbers[13] = checked((byte)BandNames.Count);
        stream.Write(numbers);
        foreach (string band in BandNames)
        {
            WriteString(stream, band);
        }

        return stream.ToArray();
    }

    public static CameraSceneHeader Decode(ReadOnlySpan<byte> payload, string imager)
    {
        int at = 0;
        string sceneId = ReadString(payload, ref at, imager, "scene id");
        if (payload.Length < at + 14)
        {
            throw new ImagerException(imager, $"scene header is {payload.Length} bytes, truncated before the dimensions");
        }

        var time = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload[at..]));
        int width = BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 8)..]);
        int height = BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 10)..]);
        int bitDepth = payload[at + 12];
        int bands = payload[at + 13];
        at += 14;
        var names = new string[bands];
        for (int i = 0; i < bands; i++)
        {
            names[i] = ReadString(payload, ref at, imager, $"band name {i}");
        }

        return new CameraSceneHeader(sceneId, time, width, height, bitDepth, names);
    }

    private static void WriteString(Stream stream, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        stream.WriteByte(checked((byte)bytes.Length));
        stream.Write(bytes);
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int at, string imager, string field)
    {
        if (at >= payload.Length || at + 1 + payload[at] > payload.Length)
        {
            throw new ImagerException(imager, $"scene header {field} runs past the {payload.Length}-byte payload");
        }

        int length = payload[at];
        string text = Encoding.UTF8.GetString(payload.Slice(at + 1, length));
        at += 1 + length;
        return text;
    }
}
