using Payload.Hal.Boards;
using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.Hal.Tests.Boards;

public class BoardBuilderTests
{
    [Test]
    public void Sim_profile_builds_live_drivers_over_simulated_buses()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));

        Assert.That(board.Simulation, Is.Not.Null);
        Assert.That(board.PowerMonitors["accel-power"].ReadCurrent(), Is.EqualTo(1.2).Within(1e-4));
        Assert.That(board.PowerMonitors["accel-power"].ReadBusVoltage(), Is.EqualTo(5.0).Within(1.25e-3));
        Assert.That(board.TemperatureSensors["accel-temp"].ReadTemperature(), Is.EqualTo(board.Simulation!.Thermal!.Celsius).Within(0.0078125));
        Assert.That(board.TemperatureSensors["accel-temp"].ReadHighLimit(), Is.EqualTo(85.0));
        Assert.That(board.Rails.Single().Name, Is.EqualTo("accelerator"));
        Assert.That(board.Rails.Single().CurrentLimitAmps, Is.EqualTo(2.0));
        Assert.That(board.Watchdog!.Timeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(board.Time, Is.SameAs(board.Simulation.Clock));
    }

    [Test]
    public void Switching_the_rail_off_is_seen_by_the_monitor_and_as_a_power_good_edge()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        BoardRail rail = board.Rails.Single();
        rail.Switch.SwitchOff();
        Assert.That(rail.Monitor!.ReadCurrent(), Is.Zero);
        Assert.That(rail.Monitor.ReadBusVoltage(), Is.Zero);
        Assert.That(rail.Switch.IsPowerGood, Is.False);
    }

    [Test]
    public void Rig_profile_on_a_machine_without_the_rig_fails_naming_the_first_missing_device()
    {
        Assume.That(File.Exists("/dev/i2c-1"), Is.False, "this machine has /dev/i2c-1; the rig may really be here");
        Assert.That(() => BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("rig-example")),
            Throws.TypeOf<LinuxDeviceException>().With.Message.Contains("/dev/i2c-1"));
    }

    [Test]
    public void Rig_profile_builds_the_same_driver_classes_when_the_rig_is_present()
    {
        if (!File.Exists("/dev/i2c-1") || !File.Exists("/dev/gpiochip0"))
        {
            Assert.Ignore("No /dev/i2c-1 and /dev/gpiochip0: run on the example rig to build it for real.");
        }

        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("rig-example"));
        Assert.That(board.Simulation, Is.Null);
        Assert.That(board.PowerMonitors["accel-power"].Device.Bus, Is.InstanceOf<LinuxI2cBus>());
        Assert.That(board.PowerMonitors["accel-power"].Device.Bus, Is.InstanceOf<II2cBus>());
    }

    [Test]
    public async Task Sim_profile_imager_delivers_synthetic_scenes_through_the_camera_link()
    {
        using Board board = BoardBuilder.Build(BoardProfileLoader.LoadBuiltIn("sim"));
        Payload.Hal.Imaging.MultispectralScene scene = await board.Imagers["camera"].CaptureAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That((scene.Width, scene.Height, scene.BandCount, scene.BitDepth), Is.EqualTo((256, 256, 4, 12)));
        Assert.That(board.Simulation!.Camera("camera").ScenesSent, Is.EqualTo(1));
    }
}
