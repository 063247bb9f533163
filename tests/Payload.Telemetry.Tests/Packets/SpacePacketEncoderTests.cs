using System.Buffers;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Packets;

public class SpacePacketEncoderTests
{
    [Test]
    public void Sequence_count_continues_from_the_count_it_is_set_to()
    {
        SpacePacketEncoder encoder = new();
        byte[] packet = new byte[7];
        encoder.SetNextSequenceCount(5, 16383);

        encoder.Encode(5, [1], packet);
        int first = SpacePacketHeader.Parse(packet).SequenceCount;
        encoder.Encode(5, [1], packet);

        Assert.That((first, SpacePacketHeader.Parse(packet).SequenceCount), Is.EqualTo((16383, 0)));
    }

    [TestCase(5, -1)]
    [TestCase(5, 16384)]
    [TestCase(0x7FF, 0)]
    public void Setting_a_count_outside_14_bits_or_on_the_idle_APID_is_refused(int apid, int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpacePacketEncoder().SetNextSequenceCount(apid, count));
    }

    [Test]
    public void Sequence_count_is_kept_per_APID_and_wraps_at_16384()
    {
        SpacePacketEncoder encoder = new();
        byte[] packet = new byte[7];
        for (int i = 0; i < 16383; i++)
        {
            encoder.Encode(5, [1], packet);
        }

        encoder.Encode(6, [1], packet);
        Assert.That(SpacePacketHeader.Parse(packet).SequenceCount, Is.Zero);
        encoder.Encode(5, [1], packet);
        Assert.That(SpacePacketHeader.Parse(packet).SequenceCount, Is.EqualTo(16383));
        Assert.That(encoder.NextSequenceCount(5), Is.Zero);
    }

    [Test]
    public void Secondary_header_holds_the_CUC_time_code_before_the_user_data()
    {
        SpacePacketEncoder encoder = new(new CucTimeFormat(4, 2));
        byte[] packet = new byte[encoder.PacketLength(3)];

        int length = encoder.Encode(42, [0xAA, 0xBB, 0xCC], packet, new CucTime(7, 0x4000));

        SpacePacketHeader header = SpacePacketHeader.Parse(packet);
        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(16));
            Assert.That(header.HasSecondaryHeader, Is.True);
            Assert.That(header.DataFieldLength, Is.EqualTo(10));
            Assert.That(Convert.ToHexString(packet, 6, 10), Is.EqualTo("1E000000074000AABBCC"));
        });
    }

    [Test]
    public void A_product_larger_than_one_packet_is_sent_as_first_continuation_and_last_segments()
    {
        SpacePacketEncoder encoder = new();
        byte[] product = Enumerable.Range(0, 250).Select(i => (byte)i).ToArray();
        ArrayBufferWriter<byte> output = new();

        int packets = encoder.EncodeProduct(9, product, maxPacketLength: 106, output);

        List<SpacePacketHeader> headers = [];
        ReadOnlySpan<byte> rest = output.WrittenSpan;
        while (!rest.IsEmpty)
        {
            Assert.That(SpacePacket.TryRead(rest, out SpacePacketHeader header, out int length, out _), Is.True);
            headers.Add(header);
            rest = rest[length..];
        }

        Assert.Multiple(() =>
        {
            Assert.That(packets, Is.EqualTo(3));
            Assert.That(headers.Select(h => h.SequenceFlags), Is.EqualTo(new[] { SequenceFlags.First, SequenceFlags.Continuation, SequenceFlags.Last }));
            Assert.That(headers.Select(h => h.DataFieldLength), Is.EqualTo(new[] { 100, 100, 50 }));
            Assert.That(headers.Select(h => h.SequenceCount), Is.EqualTo(new[] { 0, 1, 2 }));
        });
    }

    [Test]
    public void Idle_packet_fills_the_span_exactly_with_APID_0x7FF()
    {
        byte[] idle = new byte[20];

        SpacePacketEncoder.WriteIdlePacket(idle);

        SpacePacketHeader header = SpacePacketHeader.Parse(idle);
        Assert.Multiple(() =>
        {
            Assert.That(header.IsIdle, Is.True);
            Assert.That(header.PacketLength, Is.EqualTo(20));
        });
    }

    [TestCase(2047)]
    [TestCase(-1)]
    public void Encode_refuses_the_idle_APID_and_out_of_range_APIDs(int apid)
    {
        Assert.That(() => new SpacePacketEncoder().Encode(apid, [1], new byte[7]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("APID"));
    }

    [Test]
    public void Encode_refuses_empty_user_data_without_secondary_header()
    {
        Assert.That(() => new SpacePacketEncoder().Encode(1, [], new byte[7]), Throws.ArgumentException.With.Message.Contains("data field would be 0 octets"));
    }
}
