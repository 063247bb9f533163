using System.Runtime.InteropServices;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>An open Linux file descriptor, closed exactly once; failures carry the device path.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    private FileDescriptor(int fd, string path)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
        Path = path;
    }

    public string Path { get; }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor for a call; throws <see cref="ObjectDisposedException"/> naming the path once closed.</summary>
    public int Fd
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, Path);
            return (int)handle;
        }
    }

    /// <summary>Opens <paramref name="path"/> read-write (close-on-exec); throws naming the path and errno text.</summary>
    public static FileDescriptor Open(string path, int extraFlags = 0)
    {
        int fd = Libc.open(path, Libc.O_RDWR | Libc.O_CLOEXEC | extraFlags);
        if (fd < 0)
        {
            throw Failure(path, "open");
        }

        return new FileDescriptor(fd, path);
    }

    /// <summary>Wraps an already open descriptor.</summary>
    public static FileDescriptor Adopt(int fd, string path) => new(fd, path);

    /// <summary>An exception for the last failed call, with errno and its text.</summary>
    public static LinuxDeviceException Failure(string path, string operation) =>
        new(path, operation, Marshal.GetLastPInvokeError(), Marshal.GetLastPInvokeErrorMessage());

    /// <summary>An ioctl whose failure throws naming the path and the request.</summary>
    public unsafe void Ioctl(uint request, void* argument, string requestName)
    {
        if (Libc.ioctl(Fd, request, argument) < 0)
        {
            throw Failure(Path, requestName);
        }
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
