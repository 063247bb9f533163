using Payload.Hal.Boards;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.LoadSwitch;

public class LoadSwitchTests
{
    [Test]
    public void Switching_off_and_on_powers_the_rail_and_reports_power_good()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        var loadSwitch = board.LoadSwitches["accel-switch"];
        SimulatedRail rail = board.Simulation!.Rail("accelerator");

        loadSwitch.SwitchOff();
        Assert.That(rail.IsPowered, Is.False);
        Assert.That(loadSwitch.IsPowerGood, Is.False);
        loadSwitch.SwitchOn();
        Assert.That(rail.IsPowered, Is.True);
        Assert.That(loadSwitch.IsPowerGood, Is.True);
        Assert.That(loadSwitch.IsOn, Is.True);
    }

    [Test]
    public void Power_good_stuck_low_makes_switch_on_fail_naming_rail_and_lines()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        board.Simulation!.Rail("accelerator").PowerGoodStuckLow = true;
        Assert.That(() => board.LoadSwitches["accel-switch"].SwitchOn(), Throws.TypeOf<IOException>()
            .With.Message.Contains("accelerator").And.Message.Contains("line 27").And.Message.Contains("line 17"));
    }
}
