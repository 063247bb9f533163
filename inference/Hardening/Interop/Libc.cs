using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Payload.Inference.Hardening.Interop;

/// <summary>
/// The libc calls a durable checkpoint write needs beyond what .NET offers (fdatasync, renameat2
/// with RENAME_EXCHANGE, fsync of a directory). Names are the C names verbatim.
/// </summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "libc names kept verbatim")]
internal static partial class Libc
{
    private const string Library = "libc";

    // fcntl.h: O_RDONLY is 0 on every Linux architecture (O_DIRECTORY differs between x86_64 and arm, so it is not used).
    internal const int O_RDONLY = 0;

    // fcntl.h: AT_FDCWD, "use the current working directory" for the *at() calls.
    internal const int AT_FDCWD = -100;

    // linux/fs.h: renameat2 flag that swaps the two names atomically.
    internal const uint RENAME_EXCHANGE = 1 << 1;

    // errno.h (asm-generic/errno-base.h, errno.h): identical on x86_64, arm and arm64.
    internal const int ENOENT = 2;
    internal const int EINVAL = 22;
    internal const int ENOSYS = 38;
    internal const int EOPNOTSUPP = 95;

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int fdatasync(int fd);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    /// <summary>The text of <paramref name="errno"/>, e.g. "No space left on device (errno 28)".</summary>
    internal static string ErrorText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
