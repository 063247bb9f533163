using Payload.Hal.Buses;
using Payload.Hal.Devices.Ina226;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Simulation;

/// <summary>The simulated bus's fault knobs, each seen through the real INA226 driver.</summary>
public class SimulatedI2cBusTests
{
    private const int Address = 0x40;
    private SimulatedI2cBus _bus = null!;
    private Ina226Model _model = null!;
    private Payload.Hal.Devices.Ina226.Ina226 _ina = null!;

    [SetUp]
    public void CreateBus()
    {
        _bus = new SimulatedI2cBus("sim:i2c1");
        _model = new Ina226Model(0.002, null) { ShuntVoltageCounts = 8000, BusVoltageCounts = 9600 };
        _bus.Attach(Address, _model);
        _ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(_bus, Address), Ina226Calibration.For(0.002, 32.768));
    }

    [TearDown]
    public void DisposeBus() => _bus.Dispose();

    [TestCase(SimulatedI2cFault.Nack, "NACK")]
    [TestCase(SimulatedI2cFault.Timeout, "bus timeout")]
    public void Failing_fault_throws_naming_bus_address_operation_and_reason(SimulatedI2cFault fault, string reason)
    {
        _bus.InjectFault(Address, fault);
        Assert.That(() => _ina.ReadBusVoltage(), Throws.TypeOf<I2cBusException>()
            .With.Message.Contains("sim:i2c1").And.Message.Contains("0x40").And.Message.Contains("write-read").And.Message.Contains(reason)
            .And.Property(nameof(I2cBusException.Address)).EqualTo(Address));
    }

    [Test]
    public void Clearing_a_fault_restores_the_target()
    {
        _bus.InjectFault(Address, SimulatedI2cFault.Nack);
        Assert.That(() => _ina.ReadCurrent(), Throws.TypeOf<I2cBusException>());
        _bus.InjectFault(Address, SimulatedI2cFault.None);
        Assert.That(_ina.ReadCurrent(), Is.EqualTo(10.0).Within(1e-9));
    }

    [Test]
    public void Corrupted_bytes_change_the_reading_without_failing_the_transfer()
    {
        _bus.InjectFault(Address, SimulatedI2cFault.CorruptBytes);
        // 9600 = 0x2580; the last byte inverted gives 0x257F = 9599 counts of 1.25 mV.
        Assert.That(_ina.ReadBusVoltage(), Is.EqualTo(9599 * 1.25e-3).Within(1e-12));
    }

    [Test]
    public void Stuck_register_returns_its_value_whatever_the_input()
    {
        _model.Stick(0x01, 0x7FFF);
        _model.ShuntVoltageCounts = 100;
        Assert.That(_ina.ReadShuntVoltage(), Is.EqualTo(0x7FFF * 2.5e-6).Within(1e-12));
        _model.Unstick(0x01);
        Assert.That(_ina.ReadShuntVoltage(), Is.EqualTo(100 * 2.5e-6).Within(1e-12));
    }

    [Test]
    public void Absent_target_does_not_acknowledge()
    {
        Assert.That(() => _bus.Read(0x41, new byte[2]), Throws.TypeOf<I2cBusException>().With.Message.Contains("0x41").And.Message.Contains("no target"));
    }

    [Test]
    public void Unpowered_target_does_not_acknowledge_until_its_rail_is_back()
    {
        var rail = new SimulatedRail("sensors", 3.3, 0.01);
        _model.Supply = rail;
        rail.SetPowered(false);
        Assert.That(() => _ina.ReadBusVoltage(), Throws.TypeOf<I2cBusException>().With.Message.Contains("rail sensors off"));
        rail.SetPowered(true);
        Assert.That(_ina.ReadBusVoltage(), Is.EqualTo(12.0).Within(1e-12));
    }

    [TestCase(0x00)]
    [TestCase(0x07)]
    [TestCase(0x78)]
    [TestCase(-1)]
    public void Reserved_or_out_of_range_address_is_rejected_naming_it(int address)
    {
        Assert.That(() => _bus.Write(address, [0]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("sim:i2c1"));
    }

    [Test]
    public void Two_targets_cannot_share_an_address()
    {
        Assert.That(() => _bus.Attach(Address, new Ina226Model(0.01, null)), Throws.ArgumentException.With.Message.Contains("0x40"));
    }
}
