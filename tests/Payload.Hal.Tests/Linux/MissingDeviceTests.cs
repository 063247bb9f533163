using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.Hal.Tests.Linux;

/// <summary>Opening a device file that does not exist fails with the path, the call and the errno text.</summary>
[Platform("Linux")]
public class MissingDeviceTests
{
    private const string Missing = "/dev/payload-test-no-such-device";

    public static IEnumerable<TestCaseData> Backends()
    {
        yield return new TestCaseData(new Action(() => LinuxI2cBus.Open(Missing).Dispose())).SetName("I2C bus open names the path");
        yield return new TestCaseData(new Action(() => LinuxSpiDevice.Open(new SpiSettings(0, 0), Missing).Dispose())).SetName("SPI device open names the path");
        yield return new TestCaseData(new Action(() => LinuxGpioChip.Open(Missing).Dispose())).SetName("GPIO chip open names the path");
        yield return new TestCaseData(new Action(() => LinuxUartPort.Open(Missing, new UartSettings(115200)).Dispose())).SetName("UART open names the path");
        yield return new TestCaseData(new Action(() => LinuxWatchdog.Open(Missing).Dispose())).SetName("Watchdog open names the path");
    }

    [TestCaseSource(nameof(Backends))]
    public void Opening_a_missing_device_fails_naming_path_operation_and_errno(Action open)
    {
        Assert.That(() => open(), Throws.TypeOf<LinuxDeviceException>()
            .With.Message.Contains(Missing)
            .And.Message.Contains("open")
            .And.Message.Contains("No such file or directory")
            .And.Property(nameof(LinuxDeviceException.Errno)).EqualTo(2));
    }

    [Test]
    public void Spi_default_path_follows_bus_and_chip_select()
    {
        Assert.That(LinuxSpiDevice.DevicePath(new SpiSettings(1, 2)), Is.EqualTo("/dev/spidev1.2"));
    }

    [Test]
    public void An_ioctl_on_a_device_of_the_wrong_kind_names_the_request_and_the_path()
    {
        // /dev/null opens fine but is no I2C adapter: I2C_RDWR fails with ENOTTY.
        using LinuxI2cBus bus = LinuxI2cBus.Open("/dev/null");
        Assert.That(() => bus.WriteRead(0x40, [0x00], new byte[2]), Throws.TypeOf<I2cBusException>()
            .With.Message.Contains("/dev/null").And.Message.Contains("0x40").And.Message.Contains("I2C_RDWR")
            .And.Message.Contains("Inappropriate ioctl"));
    }
}
