using System.IO.Pipelines;
using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>
/// A serial port through a tty device, configured with termios: raw mode (no echo, no line editing,
/// no CR/LF translation), 8 data bits, the given baud rate, parity and stop bits, receiver on,
/// modem lines ignored.
/// </summary>
public sealed class LinuxUartPort : IUartPort
{
    private static readonly int[] StandardRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
    private readonly FileDescriptor _fd;
    private readonly FileDescriptorStream _stream;
    private PipeReader? _input;
    private PipeWriter? _output;

    private LinuxUartPort(FileDescriptor fd, UartSettings settings)
    {
        _fd = fd;
        Settings = settings;
        _stream = new FileDescriptorStream(fd);
    }

    /// <inheritdoc />
    public string Name => _fd.Path;

    /// <inheritdoc />
    public UartSettings Settings { get; }

    /// <inheritdoc />
    public PipeReader Input => _input ??= PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));

    /// <inheritdoc />
    public PipeWriter Output => _output ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    /// <summary>Whether <paramref name="baudRate"/> is a standard termios rate that <see cref="Open"/> accepts.</summary>
    public static bool SupportsBaudRate(int baudRate) => Termios.TryGetSpeed(baudRate, out _);

    /// <summary>The standard rates, for messages that list what is accepted.</summary>
    public static IReadOnlyList<int> StandardBaudRates => StandardRates;

    /// <summary>Opens and configures a tty such as <c>/dev/ttyS1</c>; fails naming the path, the call and errno text.</summary>
    public static LinuxUartPort Open(string devicePath, UartSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Termios.TryGetSpeed(settings.BaudRate, out uint speed))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.BaudRate, $"Baud rate {settings.BaudRate} for {devicePath} is not a standard termios rate.");
        }

        FileDescriptor fd = FileDescriptor.Open(devicePath, Libc.O_NOCTTY | Libc.O_NONBLOCK);
        try
        {
            Configure(fd, speed, settings);
            return new LinuxUartPort(fd, settings);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Stream AsStream() => _stream;

    /// <summary>The output baud rate the kernel reports for the port, read back with tcgetattr.</summary>
    internal unsafe int ReadBackBaudRate()
    {
        Termios.termios tio;
        if (Termios.tcgetattr(_fd.Fd, &tio) < 0)
        {
            throw FileDescriptor.Failure(Name, "tcgetattr");
        }

        uint code = Termios.cfgetospeed(&tio);
        foreach (int rate in StandardRates)
        {
            if (Termios.TryGetSpeed(rate, out uint candidate) && candidate == code)
            {
                return rate;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _input?.Complete();
        _output?.Complete();
        _stream.Dispose();
        _fd.Dispose();
    }

    /// <summary>Sets character size, parity and stop bits in c_cflag; receiver on, modem lines and flow control off.</summary>
    internal static void ApplyLineSettings(ref Termios.termios tio, UartSettings settings)
    {
        tio.c_cflag &= ~(Termios.CSIZE | Termios.PARENB | Termios.PARODD | Termios.CSTOPB | Termios.CRTSCTS);
        tio.c_cflag |= Termios.CS8 | Termios.CREAD | Termios.CLOCAL;
        if (settings.Parity != UartParity.None)
        {
            tio.c_cflag |= Termios.PARENB;
        }

        if (settings.Parity == UartParity.Odd)
        {
            tio.c_cflag |= Termios.PARODD;
        }

        if (settings.StopBits == UartStopBits.Two)
        {
            tio.c_cflag |= Termios.CSTOPB;
        }
    }

    private static unsafe void Configure(FileDescriptor fd, uint speed, UartSettings settings)
    {
        Termios.termios tio;
        if (Termios.tcgetattr(fd.Fd, &tio) < 0)
        {
            throw FileDescriptor.Failure(fd.Path, "tcgetattr");
        }

        Termios.cfmakeraw(&tio);
        ApplyLineSettings(ref tio, settings);

        // Non-blocking descriptor: reads return what is there; waiting is done in poll.
        tio.c_cc[Termios.VMIN] = 0;
        tio.c_cc[Termios.VTIME] = 0;
        if (Termios.cfsetspeed(&tio, speed) < 0)
        {
            throw FileDescriptor.Failure(fd.Path, $"cfsetspeed({settings.BaudRate})");
        }

        if (Termios.tcsetattr(fd.Fd, Termios.TCSANOW, &tio) < 0)
        {
            throw FileDescriptor.Failure(fd.Path, "tcsetattr");
        }

        _ = Termios.tcflush(fd.Fd, Termios.TCIOFLUSH);
    }
}
