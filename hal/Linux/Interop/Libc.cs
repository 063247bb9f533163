using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

// C struct names are all lower case; kept verbatim so they match the headers.
#pragma warning disable CS8981

namespace Payload.Hal.Linux.Interop;

/// <summary>
/// The libc calls the Linux backends make. Names are the C names verbatim so they can be checked
/// against the man pages; the naming analyzers are told so once, here.
/// </summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "libc names kept verbatim")]
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // fcntl.h (asm-generic/fcntl.h): identical on x86_64, arm and arm64, the boards we run on.
    internal const int O_RDWR = 0x0002;
    internal const int O_NOCTTY = 0x0100;
    internal const int O_NONBLOCK = 0x0800;
    internal const int O_CLOEXEC = 0x80000;

    // poll.h
    internal const short POLLIN = 0x0001;

    // errno.h
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int ioctl(int fd, nuint request, void* argp);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int poll(pollfd* fds, nuint nfds, int timeout);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int grantpt(int fd);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int unlockpt(int fd);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int ptsname_r(int fd, byte* buf, nuint buflen);
}
