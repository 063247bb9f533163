using System.Diagnostics.CodeAnalysis;

namespace Payload.Hal.Linux.Interop;

/// <summary>The watchdog device interface (include/uapi/linux/watchdog.h), kernel names verbatim.</summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "kernel names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "kernel names kept verbatim")]
internal static class WatchdogDev
{
    private const uint WATCHDOG_IOCTL_BASE = 'W';

    internal static readonly uint WDIOC_GETBOOTSTATUS = IoctlCode._IOR(WATCHDOG_IOCTL_BASE, 2, sizeof(int));
    internal static readonly uint WDIOC_KEEPALIVE = IoctlCode._IOR(WATCHDOG_IOCTL_BASE, 5, sizeof(int));
    internal static readonly uint WDIOC_SETTIMEOUT = IoctlCode._IOWR(WATCHDOG_IOCTL_BASE, 6, sizeof(int));
    internal static readonly uint WDIOC_GETTIMEOUT = IoctlCode._IOR(WATCHDOG_IOCTL_BASE, 7, sizeof(int));

    // WDIOF_* status bits returned by WDIOC_GETBOOTSTATUS
    internal const int WDIOF_OVERHEAT = 0x0001;
    internal const int WDIOF_POWERUNDER = 0x0010;
    internal const int WDIOF_CARDRESET = 0x0020;

    /// <summary>Writing this character before close disarms a driver with "magic close" (Documentation/watchdog/watchdog-api.rst).</summary>
    internal const byte MagicClose = (byte)'V';
}
