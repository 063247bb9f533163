using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Payload.Hal.Linux.Interop;

/// <summary>The i2c-dev user-space interface (include/uapi/linux/i2c-dev.h, linux/i2c.h), kernel names verbatim.</summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "kernel names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "kernel names kept verbatim")]
internal static unsafe class I2cDev
{
    /// <summary>Combined read/write transfer, one STOP only (i2c-dev.h).</summary>
    internal const uint I2C_RDWR = 0x0707;

    /// <summary>Most messages one I2C_RDWR call may carry (i2c-dev.h).</summary>
    internal const int I2C_RDWR_IOCTL_MAX_MSGS = 42;

    /// <summary>Read data, from target to controller (i2c.h).</summary>
    internal const ushort I2C_M_RD = 0x0001;

    [StructLayout(LayoutKind.Sequential)]
    internal struct i2c_msg
    {
        public ushort addr;
        public ushort flags;
        public ushort len;
        public byte* buf;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct i2c_rdwr_ioctl_data
    {
        public i2c_msg* msgs;
        public uint nmsgs;
    }
}
