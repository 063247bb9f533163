namespace Payload.Hal.Linux;

/// <summary>A call on a Linux device file failed: the message names the path, the operation and the errno text.</summary>
public sealed class LinuxDeviceException : IOException
{
    /// <summary>Creates the exception from the parts of the failure.</summary>
    public LinuxDeviceException(string path, string operation, int errno, string errnoText)
        : base($"{operation} on {path} failed: {errnoText} (errno {errno})")
    {
        DevicePath = path;
        Operation = operation;
        Errno = errno;
    }

    /// <summary>The device file.</summary>
    public string DevicePath { get; }

    /// <summary>The call or ioctl that failed.</summary>
    public string Operation { get; }

    /// <summary>The errno value.</summary>
    public int Errno { get; }
}
