using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>
/// An I2C adapter through <c>/dev/i2c-N</c>. Every transaction is one <c>I2C_RDWR</c> ioctl with its
/// messages built on the stack, so a write-then-read keeps the bus (repeated START, one STOP).
/// </summary>
public sealed class LinuxI2cBus : II2cBus
{
    private readonly FileDescriptor _fd;

    private LinuxI2cBus(FileDescriptor fd) => _fd = fd;

    /// <inheritdoc />
    public string Name => _fd.Path;

    /// <summary>Opens an adapter device such as <c>/dev/i2c-1</c>; fails naming the path when it cannot be opened.</summary>
    public static LinuxI2cBus Open(string devicePath) => new(FileDescriptor.Open(devicePath));

    /// <inheritdoc />
    public unsafe void Write(int address, ReadOnlySpan<byte> data)
    {
        fixed (byte* w = data)
        {
            Transfer(address, w, data.Length, null, 0, "write");
        }
    }

    /// <inheritdoc />
    public unsafe void Read(int address, Span<byte> buffer)
    {
        fixed (byte* r = buffer)
        {
            Transfer(address, null, 0, r, buffer.Length, "read");
        }
    }

    /// <inheritdoc />
    public unsafe void WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        fixed (byte* w = write)
        fixed (byte* r = read)
        {
            Transfer(address, w, write.Length, r, read.Length, "write-read");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _fd.Dispose();

    private unsafe void Transfer(int address, byte* write, int writeLength, byte* read, int readLength, string operation)
    {
        I2cAddress.Validate(Name, address);
        if (writeLength > ushort.MaxValue || readLength > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(writeLength), $"I2C {operation} to 0x{address:X2} on {Name}: a message holds at most {ushort.MaxValue} bytes.");
        }

        I2cDev.i2c_msg* messages = stackalloc I2cDev.i2c_msg[2];
        uint count = 0;
        if (write != null && writeLength > 0)
        {
            messages[count++] = new I2cDev.i2c_msg { addr = (ushort)address, flags = 0, len = (ushort)writeLength, buf = write };
        }

        if (read != null && readLength > 0)
        {
            messages[count++] = new I2cDev.i2c_msg { addr = (ushort)address, flags = I2cDev.I2C_M_RD, len = (ushort)readLength, buf = read };
        }

        if (count == 0)
        {
            throw new ArgumentException($"I2C {operation} to 0x{address:X2} on {Name} has no bytes to transfer.", nameof(writeLength));
        }

        var data = new I2cDev.i2c_rdwr_ioctl_data { msgs = messages, nmsgs = count };
        if (Libc.ioctl(_fd.Fd, I2cDev.I2C_RDWR, &data) < 0)
        {
            LinuxDeviceException cause = FileDescriptor.Failure(Name, "I2C_RDWR");
            throw new I2cBusException(Name, address, operation, cause.Message, cause);
        }
    }
}
