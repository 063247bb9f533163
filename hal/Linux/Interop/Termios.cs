using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

// C struct names are all lower case; kept verbatim so they match the headers.
#pragma warning disable CS8981

namespace Payload.Hal.Linux.Interop;

/// <summary>glibc termios (bits/termios-struct.h, termios-c_cflag.h, termios-baud.h), names verbatim.</summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "libc names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "libc names kept verbatim")]
internal static unsafe partial class Termios
{
    private const string Library = "libc";

    internal const int NCCS = 32;
    internal const int TCSANOW = 0;
    internal const int TCIOFLUSH = 2;
    internal const int VTIME = 5;
    internal const int VMIN = 6;

    // c_cflag bits (octal in the header)
    internal const uint CSIZE = 0x30;
    internal const uint CS8 = 0x30;
    internal const uint CSTOPB = 0x40;
    internal const uint CREAD = 0x80;
    internal const uint PARENB = 0x100;
    internal const uint PARODD = 0x200;
    internal const uint CLOCAL = 0x800;
    internal const uint CRTSCTS = 0x80000000;

    // speed_t codes (termios-baud.h)
    internal const uint B1200 = 0x09;
    internal const uint B2400 = 0x0B;
    internal const uint B4800 = 0x0C;
    internal const uint B9600 = 0x0D;
    internal const uint B19200 = 0x0E;
    internal const uint B38400 = 0x0F;
    internal const uint B57600 = 0x1001;
    internal const uint B115200 = 0x1002;
    internal const uint B230400 = 0x1003;
    internal const uint B460800 = 0x1004;
    internal const uint B921600 = 0x1007;

    [InlineArray(NCCS)]
    internal struct ControlChars
    {
        private byte _element;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct termios
    {
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public ControlChars c_cc;
        public uint c_ispeed;
        public uint c_ospeed;
    }

    /// <summary>The speed_t code for a rate in bits per second; false for non-standard rates.</summary>
    internal static bool TryGetSpeed(int baudRate, out uint speed)
    {
        speed = baudRate switch
        {
            1200 => B1200,
            2400 => B2400,
            4800 => B4800,
            9600 => B9600,
            19200 => B19200,
            38400 => B38400,
            57600 => B57600,
            115200 => B115200,
            230400 => B230400,
            460800 => B460800,
            921600 => B921600,
            _ => 0,
        };
        return speed != 0;
    }

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int tcgetattr(int fd, termios* termios_p);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int tcsetattr(int fd, int optional_actions, termios* termios_p);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int cfsetspeed(termios* termios_p, uint speed);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial uint cfgetospeed(termios* termios_p);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial void cfmakeraw(termios* termios_p);

    [LibraryImport(Library, SetLastError = true)]
    internal static partial int tcflush(int fd, int queue_selector);
}
