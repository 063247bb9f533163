using System.Diagnostics.CodeAnalysis;

namespace Payload.Hal.Linux.Interop;

/// <summary>
/// The kernel's ioctl request encoding (include/uapi/asm-generic/ioctl.h): direction in bits 31–30,
/// argument size in bits 29–16, type in 15–8, number in 7–0. Used by x86, arm and arm64.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "kernel macro names kept verbatim")]
internal static class IoctlCode
{
    private const int _IOC_NRSHIFT = 0;
    private const int _IOC_TYPESHIFT = 8;
    private const int _IOC_SIZESHIFT = 16;
    private const int _IOC_DIRSHIFT = 30;
    private const uint _IOC_WRITE = 1;
    private const uint _IOC_READ = 2;

    internal static uint _IOC(uint dir, uint type, uint nr, uint size) =>
        (dir << _IOC_DIRSHIFT) | (type << _IOC_TYPESHIFT) | (nr << _IOC_NRSHIFT) | (size << _IOC_SIZESHIFT);

    internal static uint _IOR(uint type, uint nr, uint size) => _IOC(_IOC_READ, type, nr, size);

    internal static uint _IOW(uint type, uint nr, uint size) => _IOC(_IOC_WRITE, type, nr, size);

    internal static uint _IOWR(uint type, uint nr, uint size) => _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);
}
