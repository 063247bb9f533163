using Payload.Hal.Boards;
using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.Hal.Tests.Buses;

/// <summary>The contract on real hardware: the example rig profile's I2C adapter with its INA226.</summary>
[Platform("Linux")]
public class LinuxI2cBusContractTests : I2cBusContract
{
    private static readonly BoardProfile Rig = BoardProfileLoader.LoadBuiltIn(BoardProfileLoader.RigExampleProfile);

    protected override int Ina226Address => Rig.Devices.Single(d => d.Type == DeviceType.Ina226).Address!.Value;

    protected override int AbsentAddress => 0x0F;

    protected override II2cBus CreateBus()
    {
        string path = Rig.Buses.Single(b => b.Kind == BusKind.I2c).Device;
        if (!File.Exists(path))
        {
            Assert.Ignore($"{path} is not present: run on the example rig (see hal/Boards/profiles/rig-example.json).");
        }

        return LinuxI2cBus.Open(path);
    }
}
