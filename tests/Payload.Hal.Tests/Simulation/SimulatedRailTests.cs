using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Simulation;

public class SimulatedRailTests
{
    [Test]
    public void Latch_up_adds_current_until_the_rail_is_power_cycled()
    {
        var rail = new SimulatedRail("accelerator", 5, 1.2);
        rail.TriggerLatchUp(2.5);
        Assert.That(rail.LoadAmps, Is.EqualTo(3.7).Within(1e-12));
        Assert.That(rail.IsLatchedUp, Is.True);

        rail.SetPowered(false);
        Assert.That(rail.LoadAmps, Is.Zero);
        rail.SetPowered(true);
        Assert.That(rail.LoadAmps, Is.EqualTo(1.2).Within(1e-12));
        Assert.That(rail.IsLatchedUp, Is.False);
        Assert.That(rail.PowerCycles, Is.EqualTo(1));
    }

    [Test]
    public void Power_good_stuck_low_reads_low_while_powered()
    {
        var rail = new SimulatedRail("accelerator", 5, 1.2);
        Assert.That(rail.PowerGood, Is.True);
        rail.PowerGoodStuckLow = true;
        Assert.That(rail.PowerGood, Is.False);
        Assert.That(rail.IsPowered, Is.True);
    }
}
