using System.Buffers;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Packets;

// Each test collects its own link events.
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class PacketReassemblerTests
{
    private readonly List<LinkEvent> _events = [];

    private static List<byte[]> Segments(SpacePacketEncoder encoder, int apid, byte[] product, int maxPacketLength)
    {
        ArrayBufferWriter<byte> output = new();
        encoder.EncodeProduct(apid, product, maxPacketLength, output);
        List<byte[]> packets = [];
        ReadOnlySpan<byte> rest = output.WrittenSpan;
        while (!rest.IsEmpty)
        {
            SpacePacket.TryRead(rest, out _, out int length, out _);
            packets.Add(rest[..length].ToArray());
            rest = rest[length..];
        }

        return packets;
    }

    [Test]
    public void Segments_are_joined_back_into_the_product()
    {
        byte[] product = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        List<byte[]> packets = Segments(new SpacePacketEncoder(), 3, product, 106);
        PacketReassembler reassembler = new(_events.Add);

        List<ReassembledProduct> products = [.. packets.Select(p => reassembler.Accept(p)).OfType<ReassembledProduct>()];

        Assert.Multiple(() =>
        {
            Assert.That(products, Has.Count.EqualTo(1));
            Assert.That(products[0].Data.ToArray(), Is.EqualTo(product));
            Assert.That(products[0].PacketCount, Is.EqualTo(10));
            Assert.That(_events, Is.Empty);
        });
    }

    [Test]
    public void A_lost_segment_drops_the_product_and_reports_the_gap_with_both_counts()
    {
        List<byte[]> packets = Segments(new SpacePacketEncoder(), 3, new byte[500], 106);
        packets.RemoveAt(2);
        PacketReassembler reassembler = new(_events.Add);

        List<ReassembledProduct> products = [.. packets.Select(p => reassembler.Accept(p)).OfType<ReassembledProduct>()];

        Assert.Multiple(() =>
        {
            Assert.That(products, Is.Empty);
            Assert.That(reassembler.MissingPackets, Is.EqualTo(1));
            Assert.That(_events.Select(e => e.Kind), Does.Contain(LinkEventKind.PacketSequenceGap).And.Contain(LinkEventKind.ProductIncomplete));
            Assert.That(_events[0].Message, Does.Contain("sequence count is 3, expected 2"));
        });
    }

    [TestCase(5)]
    [TestCase(16000)]
    public void A_sequence_count_back_at_0_is_a_sender_restart_not_packets_lost(int sentBefore)
    {
        SpacePacketEncoder before = new();
        SpacePacketEncoder restarted = new();
        PacketReassembler reassembler = new(_events.Add);
        byte[] packet = new byte[7];
        for (int i = 0; i < sentBefore; i++)
        {
            before.Encode(4, [1], packet);
            reassembler.Accept(packet);
        }

        restarted.Encode(4, [2], packet);
        ReassembledProduct? first = reassembler.Accept(packet);

        Assert.Multiple(() =>
        {
            Assert.That(first?.Data.ToArray(), Is.EqualTo(new byte[] { 2 }));
            Assert.That(reassembler.SequenceRestarts, Is.EqualTo(1));
            Assert.That(reassembler.MissingPackets, Is.Zero);
            Assert.That(reassembler.SequenceGaps, Is.Zero);
            Assert.That(_events.Select(e => e.Kind), Is.EqualTo(new[] { LinkEventKind.SenderRestart }));
        });
    }

    [Test]
    public void Sequence_gap_detection_is_per_APID_and_understands_wrap_around()
    {
        SpacePacketEncoder encoder = new();
        PacketReassembler reassembler = new(_events.Add);
        byte[] packet = new byte[7];
        for (int i = 0; i < 16384 + 3; i++)
        {
            encoder.Encode(1, [1], packet);
            reassembler.Accept(packet);
            encoder.Encode(2, [1], packet);
            if (i % 1000 != 999)
            {
                reassembler.Accept(packet);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(reassembler.MissingPackets, Is.EqualTo(16));
            Assert.That(_events.All(e => e.Message.StartsWith("APID 2 ", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void A_continuation_without_its_first_segment_is_reported()
    {
        List<byte[]> packets = Segments(new SpacePacketEncoder(), 3, new byte[300], 106);
        PacketReassembler reassembler = new(_events.Add);

        ReassembledProduct? product = reassembler.Accept(packets[1]);

        Assert.Multiple(() =>
        {
            Assert.That(product, Is.Null);
            Assert.That(_events.Single().Kind, Is.EqualTo(LinkEventKind.ProductIncomplete));
        });
    }

    [Test]
    public void A_product_still_open_at_end_of_stream_is_reported()
    {
        List<byte[]> packets = Segments(new SpacePacketEncoder(), 3, new byte[300], 106);
        PacketReassembler reassembler = new(_events.Add);
        reassembler.Accept(packets[0]);

        reassembler.Complete();

        Assert.That(_events.Single().Message, Does.Contain("stream ended"));
    }

    [Test]
    public void Secondary_header_is_stripped_and_returned_apart()
    {
        CucTimeFormat time = new(4, 2);
        SpacePacketEncoder encoder = new(time);
        byte[] packet = new byte[encoder.PacketLength(2)];
        encoder.Encode(8, [9, 9], packet, new CucTime(1, 2));

        ReassembledProduct? product = new PacketReassembler(_events.Add, time.Length).Accept(packet);

        Assert.Multiple(() =>
        {
            Assert.That(product!.Data.ToArray(), Is.EqualTo(new byte[] { 9, 9 }));
            Assert.That(time.TryRead(product.SecondaryHeader.Span, out CucTime t, out _), Is.True);
            Assert.That(t, Is.EqualTo(new CucTime(1, 2)));
        });
    }

    [Test]
    public void Idle_packets_are_ignored()
    {
        byte[] idle = new byte[10];
        SpacePacketEncoder.WriteIdlePacket(idle);

        Assert.That(new PacketReassembler(_events.Add).Accept(idle), Is.Null);
        Assert.That(_events, Is.Empty);
    }
}
