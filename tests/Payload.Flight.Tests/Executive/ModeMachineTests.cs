using Payload.Flight.Dictionary;
using Payload.Flight.Executive;
using Payload.Flight.Telemetry;
using Payload.Flight.Tests.Support;
using Payload.Hal.Simulation;

namespace Payload.Flight.Tests.Executive;

public sealed class ModeMachineTests
{
    [TestCase(FlightMode.Boot, FlightMode.Safe, true)]
    [TestCase(FlightMode.Boot, FlightMode.Idle, true)]
    [TestCase(FlightMode.Boot, FlightMode.Operate, false)]
    [TestCase(FlightMode.Safe, FlightMode.Idle, true)]
    [TestCase(FlightMode.Safe, FlightMode.Operate, false)]
    [TestCase(FlightMode.Safe, FlightMode.Boot, false)]
    [TestCase(FlightMode.Idle, FlightMode.Operate, true)]
    [TestCase(FlightMode.Idle, FlightMode.Safe, true)]
    [TestCase(FlightMode.Idle, FlightMode.Boot, false)]
    [TestCase(FlightMode.Operate, FlightMode.Idle, true)]
    [TestCase(FlightMode.Operate, FlightMode.Safe, true)]
    [TestCase(FlightMode.Operate, FlightMode.Boot, false)]
    public void Transitions_follow_the_table(FlightMode from, FlightMode to, bool allowed)
    {
        Assert.That(ModeMachine.IsAllowed(from, to), Is.EqualTo(allowed));
    }

    [Test]
    public void Every_transition_and_every_refusal_is_an_event()
    {
        var sink = new RecordingPacketSink();
        var modes = new ModeMachine(new EventReporter(sink, new SimulatedClock()));

        Assert.That(modes.Request(FlightMode.Idle, "boot complete"), Is.Null);
        Assert.That(modes.Request(FlightMode.Operate, "commanded"), Is.Null);
        string? refused = modes.Request(FlightMode.Boot, "commanded");
        modes.EnterSafe("latch-up");

        Assert.That(refused, Is.EqualTo("no transition from Operate to Boot"));
        Assert.That(modes.Mode, Is.EqualTo(FlightMode.Safe));
        Assert.That(sink.Events.Select(e => e.Id), Is.EqualTo(new[]
        {
            FlightDictionary.ModeChanged.Id, FlightDictionary.ModeChanged.Id, FlightDictionary.ModeRefused.Id, FlightDictionary.ModeChanged.Id,
        }));
        Assert.That(sink.Events.Last().Text, Is.EqualTo("mode Operate -> Safe: latch-up"));
    }
}
