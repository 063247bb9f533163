using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

public class Farm1Tests
{
    private static TcFrameHeader Ad(byte sequenceNumber, byte vc = 1) => new(TcFrameType.Ad, vc, sequenceNumber);

    private static FarmOutcome Control(Farm1 farm, TcControlCommand command)
    {
        var data = new byte[command.Length];
        command.Write(data);
        return farm.Process(new TcFrameHeader(TcFrameType.Bc, farm.VirtualChannelId, 0), data);
    }

    [Test]
    public void In_sequence_AD_frames_are_accepted_and_VR_wraps_after_255()
    {
        var farm = new Farm1(1, 10);
        for (int i = 0; i < 300; i++)
        {
            Assert.That(farm.Process(Ad((byte)i), []), Is.EqualTo(FarmOutcome.AcceptedAd));
        }

        Assert.That(farm.ReceiverFrameSequenceNumber, Is.EqualTo(300 % 256));
    }

    [TestCase(1, FarmOutcome.DiscardedAhead)]
    [TestCase(4, FarmOutcome.DiscardedAhead)]
    [TestCase(5, FarmOutcome.DiscardedEnteredLockout)]
    [TestCase(-1, FarmOutcome.DiscardedDuplicate)]
    [TestCase(-5, FarmOutcome.DiscardedDuplicate)]
    [TestCase(-6, FarmOutcome.DiscardedEnteredLockout)]
    public void Window_edges_for_width_10_decide_between_retransmit_duplicate_and_lockout(int offset, FarmOutcome expected)
    {
        var farm = new Farm1(1, 10);
        Control(farm, TcControlCommand.SetVr(100));

        Assert.That(farm.Process(Ad((byte)(100 + offset)), []), Is.EqualTo(expected));
        Assert.That(farm.ReceiverFrameSequenceNumber, Is.EqualTo(100));
        Assert.That(farm.Clcw.Retransmit, Is.EqualTo(expected == FarmOutcome.DiscardedAhead));
        Assert.That(farm.Clcw.Lockout, Is.EqualTo(expected == FarmOutcome.DiscardedEnteredLockout));
    }

    [Test]
    public void Retransmit_flag_clears_when_the_missing_frame_arrives()
    {
        var farm = new Farm1(1, 10);
        farm.Process(Ad(1), []);
        Assert.That(farm.Retransmit, Is.True);

        Assert.That(farm.Process(Ad(0), []), Is.EqualTo(FarmOutcome.AcceptedAd));
        Assert.That(farm.Retransmit, Is.False);
    }

    [Test]
    public void Lockout_discards_AD_frames_ignores_Set_VR_and_ends_with_Unlock()
    {
        var farm = new Farm1(1, 10);
        farm.Process(Ad(100), []);
        Assert.That(farm.State, Is.EqualTo(FarmState.Lockout));

        Assert.That(farm.Process(Ad(0), []), Is.EqualTo(FarmOutcome.DiscardedLockout));
        Assert.That(Control(farm, TcControlCommand.SetVr(50)), Is.EqualTo(FarmOutcome.VrSetIgnoredInLockout));
        Assert.That(farm.ReceiverFrameSequenceNumber, Is.Zero);
        Assert.That(Control(farm, TcControlCommand.Unlock), Is.EqualTo(FarmOutcome.Unlocked));
        Assert.That(farm.State, Is.EqualTo(FarmState.Open));
        Assert.That(farm.Process(Ad(0), []), Is.EqualTo(FarmOutcome.AcceptedAd));
    }

    [Test]
    public void BD_frames_bypass_lockout_and_count_modulo_4()
    {
        var farm = new Farm1(1, 10);
        farm.Process(Ad(100), []);
        for (int i = 0; i < 5; i++)
        {
            Assert.That(farm.Process(new TcFrameHeader(TcFrameType.Bd, 1, 0), [1]), Is.EqualTo(FarmOutcome.AcceptedBd));
        }

        Assert.That(farm.Clcw.FarmBCounter, Is.EqualTo(1));
    }

    [Test]
    public void No_buffer_puts_FARM_in_wait_until_the_buffer_is_released()
    {
        var farm = new Farm1(1, 10) { BufferAvailable = false };

        Assert.That(farm.Process(Ad(0), []), Is.EqualTo(FarmOutcome.DiscardedWait));
        Assert.That(farm.Clcw is { Wait: true, Retransmit: true }, Is.True);
        farm.BufferAvailable = true;
        Assert.That(farm.State, Is.EqualTo(FarmState.Open));
        Assert.That(farm.Process(Ad(0), []), Is.EqualTo(FarmOutcome.AcceptedAd));
        Assert.That(farm.Clcw is { Wait: false, Retransmit: false }, Is.True);
    }

    [Test]
    public void Set_VR_moves_the_expected_sequence_number()
    {
        var farm = new Farm1(1, 10);
        Assert.That(Control(farm, TcControlCommand.SetVr(77)), Is.EqualTo(FarmOutcome.VrSet));
        Assert.That(farm.Clcw.ReportValue, Is.EqualTo(77));
        Assert.That(farm.Process(Ad(77), []), Is.EqualTo(FarmOutcome.AcceptedAd));
    }

    [Test]
    public void Malformed_control_command_is_refused_without_counting()
    {
        var farm = new Farm1(1, 10);
        Assert.That(farm.Process(new TcFrameHeader(TcFrameType.Bc, 1, 0), [0x82]), Is.EqualTo(FarmOutcome.InvalidControlCommand));
        Assert.That(farm.FarmBCounter, Is.Zero);
    }

    [Test]
    public void Frames_for_another_virtual_channel_are_not_processed()
    {
        var farm = new Farm1(1, 10);
        Assert.That(farm.Process(Ad(0, vc: 2), []), Is.EqualTo(FarmOutcome.WrongVirtualChannel));
        Assert.That(farm.ReceiverFrameSequenceNumber, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(256)]
    public void Window_width_must_be_even_and_2_to_254(int width)
    {
        Assert.That(() => new Farm1(1, width), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
