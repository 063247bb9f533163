using Payload.GroundTest.Station;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Tests.Station;

public sealed class Cop1CommandLinkTests
{
    private const ushort SpacecraftId = 427;

    /// <summary>T1 far beyond the test: only CLCWs drive FOP-1 here.</summary>
    private static readonly FopOptions Options = new() { Timeout = TimeSpan.FromHours(1) };

    [Test]
    public void A_lost_frame_is_sent_again_when_the_clcw_asks_and_every_command_arrives_once_in_order()
    {
        var board = new OnBoard(dropFirst: 1);
        using var link = new Cop1CommandLink(new TcFrameEncoder(new TcFrameFormat(SpacecraftId)), board, Options, _ => true, TimeProvider.System);
        link.OnClcw(board.Farm.Clcw);

        link.Submit([1]);
        link.Submit([2]);
        link.Submit([3]);
        link.OnClcw(board.Farm.Clcw);
        link.OnClcw(board.Farm.Clcw);

        Assert.That(board.Delivered, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(link.Outstanding, Is.Zero);
        Assert.That(link.Retransmissions, Is.GreaterThanOrEqualTo(2), "frames 2 and 3 went twice");
        Assert.That(link.State, Is.EqualTo(FopState.Active));
    }

    [Test]
    public void After_the_payload_restarts_with_vr_0_the_link_sets_vr_and_delivers_what_was_not_acknowledged()
    {
        var board = new OnBoard(dropFirst: 0);
        using var link = new Cop1CommandLink(new TcFrameEncoder(new TcFrameFormat(SpacecraftId)), board, Options, _ => true, TimeProvider.System);
        link.OnClcw(board.Farm.Clcw);
        link.Submit([1]);
        link.Submit([2]);
        link.OnClcw(board.Farm.Clcw);

        board.Restart();
        link.Submit([3]);
        link.OnClcw(board.Farm.Clcw); // V(R) 0 is out of range: alert, frame 3 goes back in the queue
        link.OnClcw(board.Farm.Clcw); // Set V(R) to our V(S)
        link.OnClcw(board.Farm.Clcw); // confirmed: frame 3 goes out again
        link.OnClcw(board.Farm.Clcw); // and is acknowledged

        Assert.That(board.Delivered, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(link.Resynchronisations, Is.EqualTo(1));
        Assert.That(link.LastAlert, Is.EqualTo(FopAlert.NrOutOfRange));
        Assert.That(board.Farm.ReceiverFrameSequenceNumber, Is.EqualTo(4), "V(R) set to our V(S) of 3, then frame 3 accepted");
        Assert.That(link.Outstanding, Is.Zero);
    }

    [Test]
    public void A_command_the_payload_already_acknowledged_is_not_sent_again_after_a_restart()
    {
        var board = new OnBoard(dropFirst: 0);
        using var link = new Cop1CommandLink(new TcFrameEncoder(new TcFrameFormat(SpacecraftId)), board, Options, data => data.Span[0] != 7, TimeProvider.System);
        link.OnClcw(board.Farm.Clcw);
        board.Restart();
        link.Submit([7]);
        link.Submit([8]);
        link.OnClcw(board.Farm.Clcw);
        link.OnClcw(board.Farm.Clcw);
        link.OnClcw(board.Farm.Clcw);

        Assert.That(board.Delivered, Is.EqualTo(new[] { 8 }));
    }

    /// <summary>FARM-1 on VC 0 behind a link that loses the first frames; a restart replaces it with a fresh one.</summary>
    private sealed class OnBoard(int dropFirst) : ITcFrameSink
    {
        private readonly TcFrameParser parser = new(new TcFrameFormat(SpacecraftId));
        private int toDrop = dropFirst;

        public Farm1 Farm { get; private set; } = new(0);

        public List<int> Delivered { get; } = [];

        public void Restart() => Farm = new Farm1(0);

        public void Transmit(ReadOnlySpan<byte> frame)
        {
            if (toDrop > 0)
            {
                toDrop--;
                return;
            }

            Assert.That(parser.TryParse(frame, out TcFrame parsed, out TcFrameError error), Is.True, error.ToString());
            if (Farm.Process(parsed.Header, parsed.DataField) == FarmOutcome.AcceptedAd)
            {
                Delivered.Add(parsed.DataField[0]);
            }
        }
    }
}
