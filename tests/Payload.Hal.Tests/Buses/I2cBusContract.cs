using System.Buffers.Binary;
using Payload.Hal.Buses;

namespace Payload.Hal.Tests.Buses;

/// <summary>
/// What every <see cref="II2cBus"/> must do, run against each backend: the simulated bus always, the
/// Linux bus when the example rig's adapter is present. Both carry an INA226 at a known address.
/// </summary>
public abstract class I2cBusContract
{
    private II2cBus? _bus;

    protected II2cBus Bus => _bus!;

    /// <summary>Address of an INA226 on the bus.</summary>
    protected abstract int Ina226Address { get; }

    /// <summary>A usable address nothing answers on.</summary>
    protected abstract int AbsentAddress { get; }

    [SetUp]
    public void OpenBus() => _bus = CreateBus();

    [TearDown]
    public void CloseBus() => _bus?.Dispose();

    [Test]
    public void Combined_write_read_returns_the_selected_register()
    {
        Span<byte> value = stackalloc byte[2];
        Bus.WriteRead(Ina226Address, [0xFE], value);
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(value), Is.EqualTo(0x5449));
    }

    [Test]
    public void Pointer_write_then_separate_read_returns_the_same_register()
    {
        Bus.Write(Ina226Address, [0xFF]);
        var value = new byte[2];
        Bus.Read(Ina226Address, value);
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(value), Is.EqualTo(0x2260));
    }

    [Test]
    public void Absent_target_throws_naming_bus_and_address()
    {
        Assert.That(() => Bus.WriteRead(AbsentAddress, [0x00], new byte[2]), Throws.TypeOf<I2cBusException>()
            .With.Message.Contains(Bus.Name).And.Message.Contains($"0x{AbsentAddress:X2}"));
    }

    [TestCase(0x02)]
    [TestCase(0x7C)]
    public void Reserved_address_is_rejected_before_touching_the_bus(int address)
    {
        Assert.That(() => Bus.Read(address, new byte[1]), Throws.TypeOf<ArgumentOutOfRangeException>()
            .With.Message.Contains(Bus.Name).And.Message.Contains($"0x{address:X2}"));
    }

    /// <summary>Opens the bus under test, or ignores the fixture when the backend is not available here.</summary>
    protected abstract II2cBus CreateBus();
}
