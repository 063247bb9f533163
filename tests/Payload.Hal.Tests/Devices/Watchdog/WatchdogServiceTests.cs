using Payload.Hal.Devices.Watchdog;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.Watchdog;

public class WatchdogServiceTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Test]
    public void Healthy_software_keeps_the_board_alive()
    {
        var clock = new SimulatedClock();
        using var watchdog = new SimulatedWatchdog(clock, TimeSpan.FromSeconds(10));
        var service = new WatchdogService(watchdog, clock, TimeSpan.FromSeconds(3));
        for (int i = 0; i < 120; i++)
        {
            service.ReportHealthy();
            clock.Advance(Tick);
            service.Service();
        }

        Assert.That(watchdog.ResetCount, Is.Zero);
        Assert.That(service.Kicks, Is.EqualTo(120));
    }

    [Test]
    public void Unhealthy_software_stops_the_kicks_and_the_board_resets()
    {
        var clock = new SimulatedClock();
        using var watchdog = new SimulatedWatchdog(clock, TimeSpan.FromSeconds(10));
        var service = new WatchdogService(watchdog, clock, TimeSpan.FromSeconds(3));
        service.ReportHealthy();
        service.ReportUnhealthy("inference pipeline stalled");
        for (int i = 0; i < 10; i++)
        {
            clock.Advance(Tick);
            Assert.That(service.Service(), Is.False);
        }

        Assert.That(watchdog.ResetCount, Is.EqualTo(1));
        Assert.That(service.LastProblem, Is.EqualTo("inference pipeline stalled"));
    }

    [Test]
    public void A_hung_reporter_stops_the_kicks_after_the_health_deadline()
    {
        var clock = new SimulatedClock();
        using var watchdog = new SimulatedWatchdog(clock, TimeSpan.FromSeconds(10));
        var service = new WatchdogService(watchdog, clock, TimeSpan.FromSeconds(3));
        service.ReportHealthy();
        var kicked = new List<bool>();
        for (int i = 0; i < 5; i++)
        {
            clock.Advance(Tick);
            kicked.Add(service.Service());
        }

        Assert.That(kicked, Is.EqualTo(new[] { true, true, true, false, false }));
        Assert.That(service.LastProblem, Does.Contain("older than 3.0 s"));
    }
}
