using Payload.Hal.Buses;
using Payload.Hal.Devices.Ina226;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.Ina226;

public class Ina226Tests
{
    private const int Address = 0x40;

    [Test]
    public void Datasheet_worked_example_reads_12_V_10_A_120_W()
    {
        // SBOS547 §7.5: 2 mΩ shunt, Current_LSB 1 mA → CAL 2560; shunt register 8000 (20 mV), bus 9600 (12 V).
        var bus = new SimulatedI2cBus("sim:i2c");
        var model = new Ina226Model(0.002, rail: null) { ShuntVoltageCounts = 8000, BusVoltageCounts = 9600 };
        bus.Attach(Address, model);

        var ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.002, 32.768));

        Assert.Multiple(() =>
        {
            Assert.That(model.CalibrationRegister, Is.EqualTo(2560));
            Assert.That(ina.ReadShuntVoltage(), Is.EqualTo(0.020).Within(1e-12));
            Assert.That(ina.ReadBusVoltage(), Is.EqualTo(12.0).Within(1e-12));
            Assert.That(ina.ReadCurrent(), Is.EqualTo(10.0).Within(1e-9));
            Assert.That(ina.ReadPower(), Is.EqualTo(120.0).Within(1e-9));
        });
    }

    [TestCase(0.002, 32.768, 2560, 0.001)]
    [TestCase(0.01, 3.2768, 5120, 0.0001)]
    [TestCase(0.1, 0.8192, 2048, 0.000025)]
    [TestCase(0.01, 3.0, 5592, 0.00512 / (5592 * 0.01))]
    public void Calibration_follows_the_datasheet_equation(double shunt, double maxCurrent, int register, double currentLsb)
    {
        Ina226Calibration calibration = Ina226Calibration.For(shunt, maxCurrent);
        Assert.That(calibration.Register, Is.EqualTo(register));
        Assert.That(calibration.CurrentLsbAmps, Is.EqualTo(currentLsb).Within(1e-12));
        Assert.That(calibration.PowerLsbWatts, Is.EqualTo(25 * currentLsb).Within(1e-12));
    }

    [TestCase(0.0001, 0.001)]
    [TestCase(0.0, 1.0)]
    [TestCase(-0.01, 1.0)]
    [TestCase(0.01, double.NaN)]
    public void Calibration_outside_the_register_range_is_rejected_naming_the_inputs(double shunt, double maxCurrent)
    {
        Assert.That(() => Ina226Calibration.For(shunt, maxCurrent),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains(shunt.ToString(System.Globalization.CultureInfo.CurrentCulture)));
    }

    [Test]
    public void Reverse_current_reads_negative()
    {
        var bus = new SimulatedI2cBus("sim:i2c");
        bus.Attach(Address, new Ina226Model(0.002, null) { ShuntVoltageCounts = -8000, BusVoltageCounts = 9600 });
        var ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.002, 32.768));
        Assert.That(ina.ReadCurrent(), Is.EqualTo(-10.0).Within(1e-9));
        Assert.That(ina.ReadShuntVoltage(), Is.EqualTo(-0.020).Within(1e-12));
    }

    [Test]
    public void Readings_follow_the_rail_it_measures()
    {
        var rail = new SimulatedRail("accelerator", 5.0, 1.2);
        var bus = new SimulatedI2cBus("sim:i2c");
        bus.Attach(Address, new Ina226Model(0.01, rail));
        var ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.01, 3.2768));

        Assert.That(ina.ReadCurrent(), Is.EqualTo(1.2).Within(ina.Calibration.CurrentLsbAmps));
        Assert.That(ina.ReadBusVoltage(), Is.EqualTo(5.0).Within(1.25e-3));
        Assert.That(ina.ReadPower(), Is.EqualTo(6.0).Within(ina.Calibration.PowerLsbWatts));
    }

    [Test]
    public void Current_alert_fires_only_above_the_limit()
    {
        var rail = new SimulatedRail("accelerator", 5.0, 1.2);
        var bus = new SimulatedI2cBus("sim:i2c");
        bus.Attach(Address, new Ina226Model(0.01, rail));
        var ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.01, 3.2768));

        ina.SetCurrentAlertLimit(2.0);
        Assert.That(ina.ReadAlertFlag(), Is.False);
        rail.TriggerLatchUp(1.5);
        Assert.That(ina.ReadAlertFlag(), Is.True);
    }

    [Test]
    public void Another_chip_at_the_address_fails_the_identity_check_naming_bus_address_found_and_expected()
    {
        var bus = new SimulatedI2cBus("sim:i2c");
        bus.Attach(Address, new Tmp117Model(() => 25, new SimulatedClock()));

        Assert.That(() => new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.01, 3.2768)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("0x40").And.Message.Contains("sim:i2c")
                .And.Message.Contains("0x0000/0x0000").And.Message.Contains("0x5449/0x2260"));
    }

    [Test]
    public void Reset_restores_the_calibration_after_the_chip_lost_it()
    {
        var bus = new SimulatedI2cBus("sim:i2c");
        var model = new Ina226Model(0.002, null) { ShuntVoltageCounts = 8000, BusVoltageCounts = 9600 };
        bus.Attach(Address, model);
        var ina = new Payload.Hal.Devices.Ina226.Ina226(new I2cDevice(bus, Address), Ina226Calibration.For(0.002, 32.768));

        bus.Write(Address, [0x00, 0x80, 0x00]); // someone else resets the chip: calibration back to 0
        Assert.That(ina.ReadCurrent(), Is.Zero);
        ina.Reset();
        Assert.That(ina.ReadCurrent(), Is.EqualTo(10.0).Within(1e-9));
    }
}
