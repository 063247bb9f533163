using System.Buffers.Binary;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Frames;

public class TmFrameReceiverTests
{
    private static readonly TmFrameConfiguration Configuration = new(frameLength: 223, spacecraftId: 42);

    private static (FrameTestChannel Link, List<byte[]> Packets, List<byte[]> Frames) Framed(int count, int seed, Func<int, int> length)
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(2, priority: 0, capacity: count + 1);
        List<byte[]> packets = [];
        for (int i = 0; i < count; i++)
        {
            byte[] packet = link.Packet(100 + (i % 3), length(i), seed + i);
            packets.Add(packet);
            vc.TryWrite(packet);
        }

        vc.Complete();
        return (link, packets, link.DrainFrames());
    }

    /// <summary>Rewrites a frame's FECF after a test has changed its content on purpose.</summary>
    private static void Reseal(byte[] frame) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), Crc16Ccitt.Compute(frame.AsSpan(0, frame.Length - 2)));

    [Test]
    public void Every_packet_comes_back_intact_and_in_order_including_headers_split_across_frames()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(60, 1, i => 1 + (i * 37 % 400));

        frames.ForEach(f => link.Receiver.Receive(f));
        link.Receiver.Complete();

        Assert.Multiple(() =>
        {
            Assert.That(link.Received.Select(r => r.Packet), Is.EqualTo(packets));
            Assert.That(link.Received.All(r => r.Vc == 2), Is.True);
            Assert.That(link.Receiver.Statistics.FramesPerVirtualChannel[2], Is.EqualTo(frames.Count));
            Assert.That(link.Events, Is.Empty);
        });
    }

    [Test]
    public void A_sender_restart_is_counted_as_a_restart_and_not_as_frames_lost()
    {
        (FrameTestChannel link, _, List<byte[]> before) = Framed(30, 3, _ => 150);
        (FrameTestChannel restarted, List<byte[]> packets, List<byte[]> after) = Framed(10, 4, _ => 150);

        before.ForEach(f => link.Receiver.Receive(f));
        after.ForEach(f => link.Receiver.Receive(f));

        LinkStatistics stats = link.Receiver.Statistics;
        Assert.Multiple(() =>
        {
            Assert.That(before.Count, Is.GreaterThan(2), "the counters must be away from 0 when the sender restarts");
            Assert.That(stats.SenderRestarts, Is.EqualTo(1));
            Assert.That(stats.MasterChannelFramesLost, Is.Zero);
            Assert.That(stats.VirtualChannelFramesLost, Is.Zero);
            Assert.That(link.Received.Select(r => r.Packet).TakeLast(packets.Count - 1), Is.EqualTo(packets.Skip(1)));
            Assert.That(link.Events.Select(e => e.Kind), Has.Member(LinkEventKind.SenderRestart).And.No.Member(LinkEventKind.MasterChannelGap));
        });
    }

    [Test]
    public void After_a_lost_frame_the_gap_is_reported_and_extraction_resumes_at_the_first_header_pointer()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(30, 2, _ => 150);
        frames.RemoveAt(3);

        frames.ForEach(f => link.Receiver.Receive(f));
        link.Receiver.Complete();

        LinkStatistics stats = link.Receiver.Statistics;
        Assert.Multiple(() =>
        {
            Assert.That(link.Received.Select(r => r.Packet), Is.SubsetOf(packets));
            Assert.That(link.Received, Has.Count.EqualTo(packets.Count - 2));
            Assert.That(link.Received[^1].Packet, Is.EqualTo(packets[^1]));
            Assert.That(stats.MasterChannelFramesLost, Is.EqualTo(1));
            Assert.That(stats.VirtualChannelFramesLost, Is.EqualTo(1));
            Assert.That(stats.PacketsDiscarded, Is.EqualTo(1));
            Assert.That(link.Events.Select(e => e.Message), Has.Some.Contains("master channel frame count is 4, expected 3"));
            Assert.That(link.Events.Select(e => e.Message), Has.Some.Contains("VC 2 frame count is 4, expected 3"));
        });
    }

    [Test]
    public void A_frame_with_a_bad_FECF_is_dropped_with_both_values_and_the_next_frame_is_used()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(10, 3, _ => 100);
        frames[1][50] ^= 0x10;

        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.Multiple(() =>
        {
            Assert.That(link.Receiver.Statistics.FrameCrcFailures, Is.EqualTo(1));
            Assert.That(link.Events[0].Kind, Is.EqualTo(LinkEventKind.FrameCrcFailure));
            Assert.That(link.Events[0].Message, Does.Match("FECF is 0x[0-9A-F]{4}, computed 0x[0-9A-F]{4}"));
            Assert.That(link.Received[^1].Packet, Is.EqualTo(packets[^1]));
        });
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(224)]
    public void A_frame_of_the_wrong_length_is_reported(int length)
    {
        FrameTestChannel link = new(Configuration);

        link.Receiver.Receive(new byte[length]);

        Assert.That(link.Events.Single().Message, Is.EqualTo($"frame length is {length} octets, expected 223"));
    }

    [Test]
    public void A_frame_with_an_impossible_header_is_dropped_and_the_receiver_carries_on()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(3, 4, _ => 30);
        byte[] bad = (byte[])frames[0].Clone();
        bad[4] = (byte)((bad[4] & 0xF8) | 0x05);
        bad[5] = 0x00;
        Reseal(bad);

        link.Receiver.Receive(bad);
        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.Multiple(() =>
        {
            Assert.That(link.Events.Single().Message, Is.EqualTo("first header pointer is 1280, beyond the 215-octet data field; frame dropped"));
            Assert.That(link.Received.Select(r => r.Packet), Is.EqualTo(packets));
        });
    }

    [Test]
    public void A_packet_whose_length_points_past_the_next_packet_start_is_discarded_and_reported()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(4, 5, _ => 150);

        // Packet 1 (156 octets) starts at 156 in frame 0; claim it is 300 octets long: frame 1's pointer (97) comes first.
        BinaryPrimitives.WriteUInt16BigEndian(frames[0].AsSpan(6 + 156 + 4), 299 - 6);
        Reseal(frames[0]);
        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.Multiple(() =>
        {
            Assert.That(link.Received.Select(r => r.Packet), Is.EqualTo(new[] { packets[0], packets[2], packets[3] }));
            Assert.That(link.Events.Single().Kind, Is.EqualTo(LinkEventKind.PacketDiscarded));
            Assert.That(link.Events.Single().Message, Does.Contain("length field (300 octets) points past the next packet start at first header pointer 97"));
        });
    }

    [Test]
    public void A_packet_header_with_a_bad_version_loses_sync_until_the_next_pointer()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(6, 6, _ => 150);
        frames[0][6 + 156] |= 0xE0;
        Reseal(frames[0]);

        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.Multiple(() =>
        {
            Assert.That(link.Received[0].Packet, Is.EqualTo(packets[0]));
            Assert.That(link.Received.Select(r => r.Packet), Does.Not.Contain(packets[1]));
            Assert.That(link.Received[^1].Packet, Is.EqualTo(packets[^1]));
            Assert.That(link.Events[0].Message, Does.Contain("packet version number is 7, expected 0"));
        });
    }

    [Test]
    public void A_pointer_that_disagrees_with_where_the_previous_packet_ended_is_reported()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(4, 7, _ => 150);

        // Frame 1 really starts packet 2 at 97; say 120 instead.
        byte[] frame = frames[1];
        frame[4] = (byte)((frame[4] & 0xF8) | (120 >> 8));
        frame[5] = 120 & 0xFF;
        Reseal(frame);
        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.That(link.Events.Select(e => e.Message), Has.Some.Contains("a packet ended at data field offset 97 but the first header pointer is 120"));
    }

    [Test]
    public void A_packet_cut_off_by_the_end_of_the_stream_is_reported()
    {
        (FrameTestChannel link, _, List<byte[]> frames) = Framed(2, 8, _ => 400);
        link.Receiver.Receive(frames[0]);

        link.Receiver.Complete();

        Assert.That(link.Events.Single().Message, Does.Contain("215 of 406 octets").And.Contain("stream ended"));
    }

    [Test]
    public void Idle_frames_are_counted_and_carry_nothing()
    {
        FrameTestChannel link = new(Configuration);

        for (int i = 0; i < 3; i++)
        {
            link.Receiver.Receive(link.Multiplexer.NextFrame());
        }

        Assert.Multiple(() =>
        {
            Assert.That(link.Receiver.Statistics.IdleFrames, Is.EqualTo(3));
            Assert.That(link.Receiver.Statistics.FramesPerVirtualChannel[7], Is.EqualTo(3));
            Assert.That(link.Received, Is.Empty);
            Assert.That(link.Events, Is.Empty);
        });
    }

    [Test]
    public void Frame_counts_wrap_at_256_without_a_gap()
    {
        (FrameTestChannel link, List<byte[]> packets, List<byte[]> frames) = Framed(300, 9, _ => 209);

        frames.ForEach(f => link.Receiver.Receive(f));

        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Count.GreaterThan(256));
            Assert.That(link.Events, Is.Empty);
            Assert.That(link.Received, Has.Count.EqualTo(packets.Count));
        });
    }
}
