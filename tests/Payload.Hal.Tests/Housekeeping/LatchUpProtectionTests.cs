using System.Threading.Channels;
using Payload.Hal.Boards;
using Payload.Hal.Housekeeping;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Housekeeping;

public class LatchUpProtectionTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    private Board _board = null!;
    private Channel<HalEvent> _events = null!;
    private LatchUpProtection _protection = null!;
    private HousekeepingSampler _sampler = null!;

    private SimulatedRail Rail => _board.Simulation!.Rail("accelerator");

    [SetUp]
    public void CreateBoard()
    {
        _board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        _events = Channel.CreateUnbounded<HalEvent>();
        _protection = new LatchUpProtection(_board.Rails.Single(), new LatchUpOptions(SamplesAboveLimit: 3, OffTime: TimeSpan.FromSeconds(1), MaxPowerCycles: 2, SamplesToClear: 5), _events.Writer, _board.Time);
        var records = Channel.CreateBounded<HousekeepingRecord>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        _sampler = new HousekeepingSampler(_board, records.Writer, Period, [_protection]);
    }

    [TearDown]
    public void DisposeBoard() => _board.Dispose();

    private void Run(int samples)
    {
        for (int i = 0; i < samples; i++)
        {
            _board.Simulation!.Clock.Advance(Period);
            _sampler.SampleOnce();
        }
    }

    private List<HalEvent> Events()
    {
        var list = new List<HalEvent>();
        while (_events.Reader.TryRead(out HalEvent? e))
        {
            list.Add(e);
        }

        return list;
    }

    [Test]
    public void Latch_up_is_detected_after_N_samples_and_cleared_by_a_power_cycle()
    {
        Run(5);
        Rail.TriggerLatchUp(1.5);
        Run(2);
        Assert.That(Rail.IsPowered, Is.True, "two samples above the limit are not yet a latch-up");
        Run(1);
        Assert.That(Rail.IsPowered, Is.False);
        Assert.That(_protection.State, Is.EqualTo(LatchUpState.PoweredOff));

        Run(10); // 1 s off
        Assert.That(Rail.IsPowered, Is.True);
        Assert.That(Rail.IsLatchedUp, Is.False);
        Assert.That(_protection.State, Is.EqualTo(LatchUpState.Watching));
        Run(5);

        List<HalEvent> events = Events();
        Assert.That(events.Select(e => e.Severity), Is.EqualTo(new[] { HalEventSeverity.Warning, HalEventSeverity.Info, HalEventSeverity.Info }));
        Assert.That(events[0].Source, Is.EqualTo("accelerator"));
        Assert.That(events[0].Values["current_A"], Is.EqualTo(2.7).Within(1e-3));
        Assert.That(events[0].Values["limit_A"], Is.EqualTo(2.0));
        Assert.That(events[1].Message, Does.Contain("power-cycled"));
        Assert.That(events[2].Message, Does.Contain("cleared"));
        Assert.That(_protection.PowerCycles, Is.Zero);
    }

    [Test]
    public void Protection_gives_up_after_M_power_cycles_and_leaves_the_rail_off()
    {
        Rail.TriggerLatchUp(1.5);
        for (int cycle = 0; cycle < 3; cycle++)
        {
            Run(3);
            Run(10);
            Rail.TriggerLatchUp(1.5); // the latch-up comes straight back after each power-on
        }

        Run(20);
        Assert.That(_protection.State, Is.EqualTo(LatchUpState.GaveUp));
        Assert.That(Rail.IsPowered, Is.False);
        HalEvent last = Events()[^1];
        Assert.That(last.Severity, Is.EqualTo(HalEventSeverity.Critical));
        Assert.That(last.Message, Does.Contain("after 2 power cycles"));
        Assert.That(last.Values["power_cycles"], Is.EqualTo(2));
    }

    [Test]
    public void A_brief_current_spike_is_not_a_latch_up()
    {
        Rail.NominalLoadAmps = 2.5;
        Run(2);
        Rail.NominalLoadAmps = 1.2;
        Run(10);
        Assert.That(Rail.PowerCycles, Is.Zero);
        Assert.That(Events(), Is.Empty);
    }

    [Test]
    public void Rail_that_does_not_come_back_is_reported_as_critical()
    {
        Rail.TriggerLatchUp(1.5);
        Run(3);
        Rail.PowerGoodStuckLow = true;
        Run(10);
        Assert.That(_protection.State, Is.EqualTo(LatchUpState.GaveUp));
        HalEvent last = Events()[^1];
        Assert.That(last.Severity, Is.EqualTo(HalEventSeverity.Critical));
        Assert.That(last.Message, Does.Contain("power-good"));
    }
}
