using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>
/// The kernel watchdog through <c>/dev/watchdog</c>. Opening arms it. Disposing writes the magic-close
/// character first, so a clean shutdown disarms it and a crash does not.
/// </summary>
public sealed class LinuxWatchdog : IWatchdog
{
    private readonly FileDescriptor _fd;

    private LinuxWatchdog(FileDescriptor fd, WatchdogResetReason reason)
    {
        _fd = fd;
        LastResetReason = reason;
    }

    /// <inheritdoc />
    public string Name => _fd.Path;

    /// <inheritdoc />
    public WatchdogResetReason LastResetReason { get; }

    /// <inheritdoc />
    public unsafe TimeSpan Timeout
    {
        get
        {
            int seconds;
            _fd.Ioctl(WatchdogDev.WDIOC_GETTIMEOUT, &seconds, "WDIOC_GETTIMEOUT");
            return TimeSpan.FromSeconds(seconds);
        }

        set
        {
            int seconds = (int)Math.Ceiling(value.TotalSeconds);
            if (seconds <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Watchdog timeout on {Name} must be at least one second.");
            }

            _fd.Ioctl(WatchdogDev.WDIOC_SETTIMEOUT, &seconds, "WDIOC_SETTIMEOUT");
        }
    }

    /// <summary>Opens (and so arms) the watchdog and reads why the board last reset; fails naming the path.</summary>
    public static unsafe LinuxWatchdog Open(string devicePath = "/dev/watchdog")
    {
        FileDescriptor fd = FileDescriptor.Open(devicePath);
        try
        {
            int status;
            fd.Ioctl(WatchdogDev.WDIOC_GETBOOTSTATUS, &status, "WDIOC_GETBOOTSTATUS");
            return new LinuxWatchdog(fd, ReasonFromBootStatus(status));
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public unsafe void Kick()
    {
        int ignored = 0;
        _fd.Ioctl(WatchdogDev.WDIOC_KEEPALIVE, &ignored, "WDIOC_KEEPALIVE");
    }

    /// <inheritdoc />
    public unsafe void Dispose()
    {
        if (_fd.IsClosed)
        {
            return;
        }

        byte magic = WatchdogDev.MagicClose;
        _ = Libc.write(_fd.Fd, &magic, 1);
        _fd.Dispose();
    }

    internal static WatchdogResetReason ReasonFromBootStatus(int status) =>
        (status & WatchdogDev.WDIOF_CARDRESET) != 0 ? WatchdogResetReason.WatchdogTimeout
        : (status & WatchdogDev.WDIOF_OVERHEAT) != 0 ? WatchdogResetReason.OverTemperature
        : (status & WatchdogDev.WDIOF_POWERUNDER) != 0 ? WatchdogResetReason.PowerFault
        : WatchdogResetReason.PowerOn;
}
