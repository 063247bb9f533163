using Payload.Hal.Buses;
using Payload.Hal.Linux.Interop;

namespace Payload.Hal.Linux;

/// <summary>An SPI target through <c>/dev/spidevB.C</c>; each transfer is one <c>SPI_IOC_MESSAGE(1)</c> ioctl.</summary>
public sealed class LinuxSpiDevice : ISpiDevice
{
    private static readonly uint SpiIocMessage1 = SpiDev.SPI_IOC_MESSAGE(1);
    private readonly FileDescriptor _fd;

    private LinuxSpiDevice(FileDescriptor fd, SpiSettings settings)
    {
        _fd = fd;
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => _fd.Path;

    /// <inheritdoc />
    public SpiSettings Settings { get; }

    /// <summary>The spidev path for a controller and chip select.</summary>
    public static string DevicePath(SpiSettings settings) => $"/dev/spidev{settings.BusId}.{settings.ChipSelect}";

    /// <summary>Opens the spidev node and applies mode, word size and clock; fails naming the path.</summary>
    public static unsafe LinuxSpiDevice Open(SpiSettings settings, string? devicePath = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.BitsPerWord is < 1 or > 32 || settings.ClockHz <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings, "SPI bits per word must be 1..32 and the clock positive.");
        }

        FileDescriptor fd = FileDescriptor.Open(devicePath ?? DevicePath(settings));
        try
        {
            byte mode = (byte)settings.Mode;
            byte bits = (byte)settings.BitsPerWord;
            uint speed = (uint)settings.ClockHz;
            fd.Ioctl(SpiDev.SPI_IOC_WR_MODE, &mode, "SPI_IOC_WR_MODE");
            fd.Ioctl(SpiDev.SPI_IOC_WR_BITS_PER_WORD, &bits, "SPI_IOC_WR_BITS_PER_WORD");
            fd.Ioctl(SpiDev.SPI_IOC_WR_MAX_SPEED_HZ, &speed, "SPI_IOC_WR_MAX_SPEED_HZ");
            return new LinuxSpiDevice(fd, settings);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public unsafe void Transfer(ReadOnlySpan<byte> transmit, Span<byte> receive)
    {
        if (transmit.Length != receive.Length)
        {
            throw new ArgumentException($"SPI transfer on {Name}: transmit has {transmit.Length} bytes, receive {receive.Length}; they must match.", nameof(receive));
        }

        fixed (byte* tx = transmit)
        fixed (byte* rx = receive)
        {
            var transfer = new SpiDev.spi_ioc_transfer
            {
                tx_buf = (ulong)tx,
                rx_buf = (ulong)rx,
                len = (uint)transmit.Length,
                speed_hz = (uint)Settings.ClockHz,
                bits_per_word = (byte)Settings.BitsPerWord,
            };
            _fd.Ioctl(SpiIocMessage1, &transfer, "SPI_IOC_MESSAGE(1)");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _fd.Dispose();
}
