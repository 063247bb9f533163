using Payload.Hal.Buses;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Buses;

public class SimulatedI2cBusContractTests : I2cBusContract
{
    protected override int Ina226Address => 0x40;

    protected override int AbsentAddress => 0x0F;

    protected override II2cBus CreateBus()
    {
        var bus = new SimulatedI2cBus("sim:i2c1");
        bus.Attach(Ina226Address, new Ina226Model(0.01, null));
        return bus;
    }
}
