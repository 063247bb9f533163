using Payload.Telemetry.Security;
using Payload.Telemetry.Tests.TestUtilities;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

// Each test gets its own clock and sink.
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class Fop1Tests
{
    private const byte Vc = 1;
    private static readonly TcFrameFormat Format = new(0x2AB, hasSegmentHeader: false);

    private readonly ManualTimeProvider time = new();
    private readonly RecordingFrameSink sink = new();

    private Fop1 CreateFop(int window = 4, int limit = 3) => new(
        new TcFrameEncoder(Format),
        sink,
        new FopOptions { VirtualChannelId = Vc, SlidingWindowWidth = window, Timeout = TimeSpan.FromSeconds(2), TransmissionLimit = limit },
        time);

    private static Clcw Report(byte nr, bool retransmit = false, bool lockout = false, bool wait = false) => new(Vc, nr, lockout, wait, retransmit, 0);

    private static byte SequenceNumberOf(byte[] frame) => frame[4];

    [Test]
    public void Frames_are_numbered_from_VS_until_the_window_is_full()
    {
        using Fop1 fop = CreateFop(window: 3);
        fop.InitiateWithoutClcw();

        Assert.That(fop.TrySend([1]) && fop.TrySend([2]) && fop.TrySend([3]), Is.True);
        Assert.That(fop.TrySend([4]), Is.False);
        Assert.That(sink.Frames.Select(SequenceNumberOf), Is.EqualTo(new byte[] { 0, 1, 2 }));
        Assert.That(fop.OutstandingFrames, Is.EqualTo(3));
    }

    [Test]
    public void Nothing_is_sent_before_the_service_is_initiated()
    {
        using Fop1 fop = CreateFop();
        Assert.That(fop.TrySend([1]), Is.False);
        Assert.That(sink.Frames, Is.Empty);
    }

    [Test]
    public void Acknowledgement_frees_the_window()
    {
        using Fop1 fop = CreateFop(window: 2);
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);
        fop.TrySend([2]);

        fop.OnClcw(Report(1));

        Assert.That(fop.OutstandingFrames, Is.EqualTo(1));
        Assert.That(fop.ExpectedAcknowledgement, Is.EqualTo(1));
        Assert.That(fop.TrySend([3]), Is.True);
    }

    [Test]
    public void Retransmit_flag_resends_every_outstanding_frame_once_until_progress()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);
        fop.TrySend([2]);
        fop.TrySend([3]);
        sink.Frames.Clear();

        fop.OnClcw(Report(1, retransmit: true));
        Assert.That(sink.Frames.Select(SequenceNumberOf), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(fop.State, Is.EqualTo(FopState.RetransmitWithoutWait));

        fop.OnClcw(Report(1, retransmit: true));
        Assert.That(sink.Frames, Has.Count.EqualTo(2), "the same CLCW again must not start another round");

        fop.OnClcw(Report(3));
        Assert.That(fop.State, Is.EqualTo(FopState.Active));
        Assert.That(fop.OutstandingFrames, Is.Zero);
    }

    [Test]
    public void Timer_expiry_resends_and_the_limit_raises_an_alert()
    {
        using Fop1 fop = CreateFop(limit: 2);
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);

        time.Advance(TimeSpan.FromSeconds(1));
        fop.Poll();
        Assert.That(sink.Frames, Has.Count.EqualTo(1), "timer has not expired yet");

        for (int round = 0; round < 2; round++)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            fop.Poll();
        }

        Assert.That(sink.Frames, Has.Count.EqualTo(3));
        time.Advance(TimeSpan.FromSeconds(2));
        fop.Poll();
        Assert.That(fop.State, Is.EqualTo(FopState.Initial));
        Assert.That(fop.Alert, Is.EqualTo(FopAlert.Limit));
        Assert.That(fop.OutstandingFrames, Is.Zero);
    }

    [Test]
    public void Wait_holds_retransmission_until_the_FARM_has_a_buffer_again()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);
        sink.Frames.Clear();

        fop.OnClcw(Report(0, retransmit: true, wait: true));
        Assert.That(fop.State, Is.EqualTo(FopState.RetransmitWithWait));
        Assert.That(sink.Frames, Is.Empty);

        fop.OnClcw(Report(0, retransmit: true));
        Assert.That(sink.Frames.Select(SequenceNumberOf), Is.EqualTo(new byte[] { 0 }));
    }

    [Test]
    public void Lockout_report_stops_the_service_with_a_lockout_alert()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);

        fop.OnClcw(Report(0, lockout: true));

        Assert.That(fop.State, Is.EqualTo(FopState.Initial));
        Assert.That(fop.Alert, Is.EqualTo(FopAlert.Lockout));
    }

    [Test]
    public void Acknowledging_frames_never_sent_raises_NR_out_of_range()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithoutClcw();
        fop.TrySend([1]);

        fop.OnClcw(Report(5));

        Assert.That(fop.Alert, Is.EqualTo(FopAlert.NrOutOfRange));
    }

    [Test]
    public void Initiate_with_CLCW_waits_for_VR_equal_to_VS()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithClcw();
        Assert.That(fop.TrySend([1]), Is.False);

        fop.OnClcw(Report(3));
        Assert.That(fop.State, Is.EqualTo(FopState.InitialisingWithoutBc));
        fop.OnClcw(Report(0));
        Assert.That(fop.State, Is.EqualTo(FopState.Active));
    }

    [Test]
    public void Initiate_with_Set_VR_sends_the_control_command_and_resends_it_on_timeout()
    {
        using Fop1 fop = CreateFop();
        fop.InitiateWithSetVr(42);

        Assert.That(Convert.ToHexString(sink.Frames[0].AsSpan(5, 3)), Is.EqualTo("82002A"));
        time.Advance(TimeSpan.FromSeconds(3));
        fop.Poll();
        Assert.That(sink.Frames, Has.Count.EqualTo(2));
        fop.OnClcw(Report(42));
        Assert.That(fop.State, Is.EqualTo(FopState.Active));
        Assert.That(fop.TrySend([9]), Is.True);
        Assert.That(SequenceNumberOf(sink.Frames[^1]), Is.EqualTo(42));
    }

    [Test]
    public void Recovery_from_lockout_is_Unlock_then_Set_VR()
    {
        var farm = new Farm1(Vc, 10);
        var receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(Format), null, [farm]);
        using Fop1 fop = CreateFop();
        fop.InitiateWithSetVr(200);
        Deliver(receiver);
        Assert.That(farm.ReceiverFrameSequenceNumber, Is.EqualTo(200));
        farm = new Farm1(Vc, 10);
        receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(Format), null, [farm]);
        fop.OnClcw(farm.Clcw);
        fop.InitiateWithoutClcw();

        fop.TrySend([1]);
        Deliver(receiver);
        fop.OnClcw(farm.Clcw);
        Assert.That(fop.Alert, Is.EqualTo(FopAlert.Lockout), "a rebooted FARM at V(R)=0 locks out on N(S)=200");

        fop.InitiateWithUnlock();
        Deliver(receiver);
        fop.OnClcw(farm.Clcw);
        Assert.That(farm.State, Is.EqualTo(FarmState.Open));
        fop.InitiateWithSetVr(fop.TransmitterFrameSequenceNumber);
        Deliver(receiver);
        fop.OnClcw(farm.Clcw);

        Assert.That(fop.State, Is.EqualTo(FopState.Active));
        Assert.That(fop.TrySend([2]), Is.True);
        Deliver(receiver);
        Assert.That(farm.ReceiverFrameSequenceNumber, Is.EqualTo(202));
    }

    private void Deliver(TcUplinkReceiver receiver)
    {
        var encoder = new CltuEncoder();
        foreach (byte[] frame in sink.Frames)
        {
            var cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];
            encoder.Encode(frame, cltu);
            receiver.Receive(cltu, new byte[cltu.Length]);
        }

        sink.Frames.Clear();
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void FOP_and_FARM_deliver_every_frame_once_and_in_order_over_a_lossy_authenticated_link(int seed)
    {
        const int Messages = 300;
        var keys = new TcKeyStore([new(7, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray())]);
        var security = new TcSecurityOptions();
        var uplink = new LossyChannel(seed, dropRate: 0.2, duplicateRate: 0.1, swapRate: 0.1);
        var downlink = new LossyChannel(seed + 100, dropRate: 0.3);
        var channelSink = new RecordingFrameSink(uplink);
        var farm = new Farm1(Vc, 64);
        var receiver = new TcUplinkReceiver(new CltuDecoder(true), new TcFrameParser(Format), new TcFrameVerifier(keys, security), [farm]);
        using var fop = new Fop1(
            new TcFrameSigner(Format, keys, 7, security),
            channelSink,
            new FopOptions { VirtualChannelId = Vc, SlidingWindowWidth = 16, Timeout = TimeSpan.FromSeconds(2), TransmissionLimit = 50 },
            time);
        fop.InitiateWithoutClcw();
        var encoder = new CltuEncoder(true);
        var delivered = new List<int>();
        int next = 0;
        var clcw = new byte[Clcw.Length];
        var workspace = new byte[2048];

        for (int step = 0; step < 5000 && delivered.Count < Messages; step++)
        {
            while (next < Messages && fop.TrySend(BitConverter.GetBytes(next)))
            {
                next++;
            }

            foreach (byte[] frame in uplink.Drain())
            {
                var cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];
                encoder.Encode(frame, cltu);
                TcReception reception = receiver.Receive(cltu, workspace);
                if (reception.IsAccepted)
                {
                    delivered.Add(BitConverter.ToInt32(reception.Data));
                }
                else
                {
                    Assert.That(reception.Stage, Is.AnyOf(TcReceptionStage.Farm, TcReceptionStage.Authentication), reception.Message);
                }

                farm.Clcw.Write(clcw);
                downlink.Send(clcw);
            }

            foreach (byte[] word in downlink.Drain())
            {
                Assert.That(Clcw.TryRead(word, out Clcw report), Is.True);
                fop.OnClcw(report);
            }

            time.Advance(TimeSpan.FromMilliseconds(500));
            fop.Poll();
            Assert.That(fop.Alert, Is.EqualTo(FopAlert.None));
        }

        Assert.That(delivered, Is.EqualTo(Enumerable.Range(0, Messages)));
        Assert.That(uplink.Dropped, Is.GreaterThan(0));
    }
}
