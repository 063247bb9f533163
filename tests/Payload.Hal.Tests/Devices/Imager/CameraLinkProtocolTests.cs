using System.Buffers;
using System.Text;
using Payload.Hal.Devices.Imager;

namespace Payload.Hal.Tests.Devices.Imager;

public class CameraLinkProtocolTests
{
    private static byte[] Frame(CameraFrameType type, byte sequence, byte[] payload)
    {
        var writer = new ArrayBufferWriter<byte>();
        CameraLinkProtocol.Write(writer, type, sequence, payload);
        return writer.WrittenSpan.ToArray();
    }

    [Test]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.That(Crc32.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u));
    }

    [Test]
    public void Frame_layout_is_sync_type_sequence_length_payload_crc()
    {
        byte[] frame = Frame(CameraFrameType.SceneEnd, 7, [0x00, 0x00, 0x10, 0x00]);
        Assert.That(frame[..8], Is.EqualTo(new byte[] { 0xEB, 0x90, 0x83, 0x07, 0x00, 0x00, 0x00, 0x04 }));
        uint crc = Crc32.Compute(frame.AsSpan(2, 10));
        Assert.That(frame[12..], Is.EqualTo(new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc }));
    }

    [Test]
    public void Frame_round_trips_and_consumes_exactly_one_frame()
    {
        byte[] two = [.. Frame(CameraFrameType.SceneData, 1, [1, 2, 3, 4, 5, 6]), .. Frame(CameraFrameType.SceneEnd, 2, [0, 0, 0, 2])];
        var buffer = new ReadOnlySequence<byte>(two);
        Assert.That(CameraLinkProtocol.TryRead(ref buffer, "test", out CameraFrameType type, out byte sequence, out byte[] payload), Is.True);
        Assert.That((type, sequence, payload), Is.EqualTo((CameraFrameType.SceneData, (byte)1, new byte[] { 1, 2, 3, 4, 5, 6 })));
        Assert.That(buffer.Length, Is.EqualTo(16));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(13)]
    public void Truncated_frame_waits_for_more_bytes_and_consumes_nothing(int length)
    {
        byte[] frame = Frame(CameraFrameType.SceneData, 0, [1, 2]);
        var buffer = new ReadOnlySequence<byte>(frame.AsMemory(0, length));
        Assert.That(CameraLinkProtocol.TryRead(ref buffer, "test", out _, out _, out _), Is.False);
        Assert.That(buffer.Length, Is.EqualTo(length));
    }

    [Test]
    public void Corrupted_payload_fails_the_crc_naming_both_values()
    {
        byte[] frame = Frame(CameraFrameType.SceneData, 3, [1, 2, 3, 4]);
        frame[9] ^= 0x40;
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.That(() => CameraLinkProtocol.TryRead(ref buffer, "cam", out _, out _, out _),
            Throws.TypeOf<ImagerException>().With.Message.Contains("CRC is 0x").And.Message.Contains("computed 0x").And.Message.Contains("sequence 3"));
    }

    [Test]
    public void Bad_sync_is_rejected_naming_the_value()
    {
        byte[] frame = Frame(CameraFrameType.SceneData, 0, [1]);
        frame[0] = 0x12;
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.That(() => CameraLinkProtocol.TryRead(ref buffer, "cam", out _, out _, out _),
            Throws.TypeOf<ImagerException>().With.Message.Contains("0x1290").And.Message.Contains("0xEB90"));
    }

    [Test]
    public void Oversized_length_is_rejected_before_waiting_for_it()
    {
        byte[] header = [0xEB, 0x90, 0x82, 0x00, 0x7F, 0xFF, 0xFF, 0xFF];
        var buffer = new ReadOnlySequence<byte>(header);
        Assert.That(() => CameraLinkProtocol.TryRead(ref buffer, "cam", out _, out _, out _),
            Throws.TypeOf<ImagerException>().With.Message.Contains("2147483647"));
    }
}
