using Payload.Hal.Buses;
using Payload.Hal.Devices.Tmp117;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Devices.Tmp117;

public class Tmp117Tests
{
    private const int Address = 0x48;
    private double _celsius = 25;
    private SimulatedClock _clock = null!;
    private SimulatedI2cBus _bus = null!;
    private Tmp117Model _model = null!;

    [SetUp]
    public void CreateBoard()
    {
        _celsius = 25;
        _clock = new SimulatedClock();
        _bus = new SimulatedI2cBus("sim:i2c");
        _model = new Tmp117Model(() => _celsius, _clock);
        _bus.Attach(Address, _model);
    }

    [TearDown]
    public void DisposeBus() => _bus.Dispose();

    // SNOSD82 §7.3.1: two's complement, 7.8125 m°C per LSB.
    [TestCase(25.0, 0x0C80)]
    [TestCase(-1.0, 0xFF80)]
    [TestCase(0.0078125, 0x0001)]
    [TestCase(-0.0078125, 0xFFFF)]
    [TestCase(200.0, 0x6400)]
    [TestCase(-55.0, 0xE480)]
    public void Temperature_matches_the_register_model(double celsius, int raw)
    {
        _celsius = celsius;
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        Assert.That(Payload.Hal.Devices.Tmp117.Tmp117.FromDegrees(celsius), Is.EqualTo(raw));
        Assert.That(sensor.ReadTemperature(), Is.EqualTo(celsius));
    }

    [Test]
    public void Device_id_reads_0x117()
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        Assert.That(sensor.ReadDeviceId() & 0x0FFF, Is.EqualTo(0x117));
    }

    [Test]
    public void Reset_restores_power_on_configuration_and_limits()
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        sensor.SetLimits(-20, 85);
        sensor.Reset();
        Assert.That(sensor.ReadHighLimit(), Is.EqualTo(192.0));
        Assert.That(sensor.ReadLowLimit(), Is.EqualTo(-256.0));
        Assert.That(sensor.Configuration & ~0x2000, Is.EqualTo(0x0220), "power-on configuration apart from Data_Ready");
    }

    [Test]
    public void Limits_are_written_and_read_back()
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        sensor.SetLimits(-20, 85);
        Assert.That(sensor.ReadLowLimit(), Is.EqualTo(-20.0));
        Assert.That(sensor.ReadHighLimit(), Is.EqualTo(85.0));
    }

    [TestCase(85, -20)]
    [TestCase(10, 10)]
    [TestCase(-300, 10)]
    [TestCase(0, 300)]
    public void Unordered_or_unrepresentable_limits_are_rejected(double low, double high)
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        Assert.That(() => sensor.SetLimits(low, high), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("0x48"));
    }

    [Test]
    public void Alert_flags_latch_on_a_crossing_and_clear_when_read()
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        sensor.SetLimits(-20, 85);
        _celsius = 90;
        Assert.That(sensor.ReadTemperature(), Is.EqualTo(90.0));
        _celsius = 25;
        Assert.That(sensor.ReadAlerts(), Is.EqualTo(Tmp117AlertFlags.High), "latched by the 90 °C conversion");
        Assert.That(sensor.ReadAlerts(), Is.EqualTo(Tmp117AlertFlags.None), "cleared by the previous read");
        _celsius = -30;
        Assert.That(sensor.ReadAlerts(), Is.EqualTo(Tmp117AlertFlags.Low));
    }

    [Test]
    public void Over_temperature_ramp_knob_raises_the_reading_with_simulated_time()
    {
        var sensor = new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(_bus, Address));
        _model.StartOverTemperatureRamp(2.0);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(sensor.ReadTemperature(), Is.EqualTo(45.0).Within(0.0078125));
        _model.StopOverTemperatureRamp();
        Assert.That(sensor.ReadTemperature(), Is.EqualTo(25.0));
    }

    [Test]
    public void Another_chip_at_the_address_fails_the_identity_check_naming_bus_address_found_and_expected()
    {
        var bus = new SimulatedI2cBus("sim:i2c2");
        bus.Attach(Address, new Ina226Model(0.01, null));
        Assert.That(() => new Payload.Hal.Devices.Tmp117.Tmp117(new I2cDevice(bus, Address)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("0x48").And.Message.Contains("sim:i2c2")
                .And.Message.Contains("device ID 0x000").And.Message.Contains("expected 0x117"));
    }
}
