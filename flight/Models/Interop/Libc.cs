using System.Runtime.InteropServices;

namespace Payload.Flight.Models.Interop;

/// <summary>The libc calls needed to make a directory entry durable (fsync on the directory itself); names as in unistd.h / fcntl.h.</summary>
internal static partial class Libc
{
    private const string Library = "libc";

    // fcntl.h: O_RDONLY is 0 on every Linux architecture (O_DIRECTORY is not, so it is not used).
    internal const int O_RDONLY = 0;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
