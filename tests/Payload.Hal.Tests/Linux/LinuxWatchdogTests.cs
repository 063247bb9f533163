using Payload.Hal.Buses;
using Payload.Hal.Linux;

namespace Payload.Hal.Tests.Linux;

public class LinuxWatchdogTests
{
    // WDIOF_* bits from linux/watchdog.h, as WDIOC_GETBOOTSTATUS returns them.
    [TestCase(0x0000, WatchdogResetReason.PowerOn)]
    [TestCase(0x0020, WatchdogResetReason.WatchdogTimeout)]
    [TestCase(0x0001, WatchdogResetReason.OverTemperature)]
    [TestCase(0x0010, WatchdogResetReason.PowerFault)]
    [TestCase(0x0021, WatchdogResetReason.WatchdogTimeout)]
    [TestCase(0x8000, WatchdogResetReason.PowerOn)]
    public void Boot_status_bits_map_to_the_reset_reason(int status, WatchdogResetReason reason)
    {
        Assert.That(LinuxWatchdog.ReasonFromBootStatus(status), Is.EqualTo(reason));
    }
}
