using System.Runtime.InteropServices;
using Payload.Flight.Models.Interop;

namespace Payload.Flight.Models;

/// <summary>Writes that survive a power cut: data flushed to the device, and the directory entries too.</summary>
internal static class DurableFiles
{
    /// <summary>Writes and fsyncs <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> data)
    {
        using FileStream stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(data);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes <paramref name="path"/> through a temporary file and a rename, so readers see the old or the new content, never a mix.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> data)
    {
        string temporary = path + ".tmp";
        Write(temporary, data);
        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync on a directory, making renames and new entries in it durable.</summary>
    /// <exception cref="IOException">open or fsync failed; the message carries errno's text.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Libc.open(directory, Libc.O_RDONLY);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) for fsync failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            if (Libc.fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
