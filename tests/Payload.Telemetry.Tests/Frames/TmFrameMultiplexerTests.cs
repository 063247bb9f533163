using Payload.Telemetry.Frames;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Frames;

public class TmFrameMultiplexerTests
{
    private static readonly TmFrameConfiguration Configuration = new(frameLength: 223, spacecraftId: 42);

    [Test]
    public void Packets_spanning_frames_get_the_first_header_pointer_of_the_first_packet_start()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        vc.TryWrite(link.Packet(10, 294, 1));
        vc.TryWrite(link.Packet(10, 94, 2));
        vc.Complete();

        List<byte[]> frames = link.DrainFrames();

        Assert.Multiple(() =>
        {
            // Data field 215 octets: packet 1 (300) fills frame 0 and 85 of frame 1; packet 2 (100) starts at 85.
            Assert.That(frames, Has.Count.EqualTo(2));
            Assert.That(TmFrameHeader.Read(frames[0]).FirstHeaderPointer, Is.Zero);
            Assert.That(TmFrameHeader.Read(frames[1]).FirstHeaderPointer, Is.EqualTo(85));
            Assert.That(frames.Select(f => TmFrameHeader.Read(f).VirtualChannelFrameCount), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(frames.Select(f => TmFrameHeader.Read(f).MasterChannelFrameCount), Is.EqualTo(new[] { 0, 1 }));
        });
    }

    [Test]
    public void The_last_frame_is_closed_with_an_idle_packet_so_the_last_packet_is_complete()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        byte[] packet = link.Packet(10, 100, 1);
        vc.TryWrite(packet);
        vc.Complete();

        byte[] frame = link.DrainFrames().Single();
        SpacePacketHeader idle = SpacePacketHeader.Parse(frame.AsSpan(6 + 106));

        Assert.Multiple(() =>
        {
            Assert.That(frame.AsSpan(6, 106).ToArray(), Is.EqualTo(packet));
            Assert.That(idle.IsIdle, Is.True);
            Assert.That(idle.PacketLength, Is.EqualTo(215 - 106));
        });
    }

    [TestCase(1)]
    [TestCase(6)]
    public void When_fewer_than_seven_octets_remain_the_idle_packet_continues_into_one_more_frame(int room)
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        byte[] packet = link.Packet(10, 215 - room - 6, 1);
        vc.TryWrite(packet);
        vc.Complete();

        List<byte[]> frames = link.DrainFrames();
        frames.ForEach(f => link.Receiver.Receive(f));
        link.Receiver.Complete();

        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Count.EqualTo(2));
            Assert.That(TmFrameHeader.Read(frames[1]).FirstHeaderPointer, Is.EqualTo(TmFrameHeader.NoPacketStart));
            Assert.That(link.Received.Single().Packet, Is.EqualTo(packet));
            Assert.That(link.Receiver.Statistics.IdlePackets, Is.EqualTo(1));
            Assert.That(link.Events, Is.Empty);
        });
    }

    [Test]
    public void Urgent_channel_overtakes_bulk_frames_already_queued()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel bulk = link.Multiplexer.AddVirtualChannel(1, priority: 0, capacity: 16);
        VirtualChannel alerts = link.Multiplexer.AddVirtualChannel(0, priority: 10, flushPartialFrames: true);
        for (int i = 0; i < 10; i++)
        {
            bulk.TryWrite(link.Packet(20, 400, i));
        }

        byte[] first = link.Multiplexer.TryEncodeFrame().ToArray();
        alerts.TryWrite(link.Packet(30, 20, 99));
        byte[] second = link.Multiplexer.TryEncodeFrame().ToArray();
        byte[] third = link.Multiplexer.TryEncodeFrame().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(TmFrameHeader.Read(first).VirtualChannelId, Is.EqualTo(1));
            Assert.That(TmFrameHeader.Read(second).VirtualChannelId, Is.EqualTo(0));
            Assert.That(TmFrameHeader.Read(third).VirtualChannelId, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_bulk_channel_does_not_send_a_partial_frame_while_it_is_open()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel bulk = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        bulk.TryWrite(link.Packet(20, 50, 1));

        Assert.That(link.Multiplexer.TryEncodeFrame().IsEmpty, Is.True);
    }

    [Test]
    public void The_link_never_starves_an_idle_frame_goes_out_when_nothing_waits()
    {
        FrameTestChannel link = new(Configuration);
        link.Multiplexer.AddVirtualChannel(1, priority: 0);

        TmFrameHeader header = TmFrameHeader.Read(link.Multiplexer.NextFrame());

        Assert.Multiple(() =>
        {
            Assert.That(header.VirtualChannelId, Is.EqualTo(7));
            Assert.That(header.FirstHeaderPointer, Is.EqualTo(TmFrameHeader.IdleData));
        });
    }

    [Test]
    public void A_full_channel_refuses_TryWrite_and_WriteAsync_waits_until_a_frame_drains_it()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0, capacity: 2);
        Assert.That(vc.TryWrite(link.Packet(5, 300, 1)), Is.True);
        Assert.That(vc.TryWrite(link.Packet(5, 300, 2)), Is.True);
        Assert.That(vc.TryWrite(link.Packet(5, 300, 3)), Is.False);

        ValueTask pending = vc.WriteAsync(link.Packet(5, 300, 4));
        Assert.That(pending.IsCompleted, Is.False);
        link.Multiplexer.TryEncodeFrame();

        Assert.That(pending.AsTask().Wait(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public void WaitToEncodeAsync_ends_with_false_once_every_channel_is_complete_and_drained()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        vc.TryWrite(link.Packet(5, 10, 1));
        vc.Complete();

        Assert.That(link.Multiplexer.WaitToEncodeAsync().AsTask().Result, Is.True);
        link.DrainFrames();
        Assert.That(link.Multiplexer.WaitToEncodeAsync().AsTask().Result, Is.False);
    }

    [Test]
    public void Operational_control_field_and_FECF_are_written_when_configured()
    {
        TmFrameConfiguration configuration = new(100, 42, hasOperationalControlField: true, hasFrameErrorControl: true);
        TmFrameMultiplexer multiplexer = new(configuration);
        multiplexer.SetOperationalControlField(0x01020304);

        byte[] frame = multiplexer.NextFrame().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(frame, 94, 4), Is.EqualTo("01020304"));
            Assert.That(Crc16Ccitt.Compute(frame.AsSpan(0, 98)), Is.EqualTo((frame[98] << 8) | frame[99]));
            Assert.That(TmFrameHeader.Read(frame).HasOperationalControlField, Is.True);
        });
    }

    [Test]
    public void Writing_something_that_is_not_one_whole_packet_is_refused()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0);
        byte[] packet = link.Packet(5, 10, 1);

        Assert.That(() => vc.TryWrite(packet.AsMemory(0, 12)), Throws.ArgumentException.With.Message.Contains("needs 16 octets, only 12 available"));
    }

    [TestCase(7)]
    [TestCase(8)]
    public void The_idle_VC_and_ids_beyond_7_cannot_carry_data(int id)
    {
        TmFrameMultiplexer multiplexer = new(Configuration);

        Assert.That(() => multiplexer.AddVirtualChannel(id, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Steady_state_framing_allocates_nothing_per_frame()
    {
        FrameTestChannel link = new(Configuration);
        VirtualChannel vc = link.Multiplexer.AddVirtualChannel(1, priority: 0, capacity: 512);
        ReadOnlyMemory<byte> packet = link.Packet(5, 500, 1);
        for (int i = 0; i < 8; i++)
        {
            vc.TryWrite(packet);
            link.Multiplexer.TryEncodeFrame();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            vc.TryWrite(packet);
            while (!link.Multiplexer.TryEncodeFrame().IsEmpty)
            {
            }
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
