using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Payload.Hal.Linux.Interop;

/// <summary>The spidev user-space interface (include/uapi/linux/spi/spidev.h), kernel names verbatim.</summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "kernel names kept verbatim")]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "kernel names kept verbatim")]
internal static class SpiDev
{
    internal const uint SPI_IOC_MAGIC = 'k';

    /// <summary>spi.h: clock phase and polarity bits of the mode byte.</summary>
    internal const byte SPI_CPHA = 0x01;
    internal const byte SPI_CPOL = 0x02;

    internal static readonly uint SPI_IOC_WR_MODE = IoctlCode._IOW(SPI_IOC_MAGIC, 1, sizeof(byte));
    internal static readonly uint SPI_IOC_WR_BITS_PER_WORD = IoctlCode._IOW(SPI_IOC_MAGIC, 3, sizeof(byte));
    internal static readonly uint SPI_IOC_WR_MAX_SPEED_HZ = IoctlCode._IOW(SPI_IOC_MAGIC, 4, sizeof(uint));

    /// <summary>SPI_IOC_MESSAGE(N): N chained transfers in one ioctl.</summary>
    internal static uint SPI_IOC_MESSAGE(int n) => IoctlCode._IOW(SPI_IOC_MAGIC, 0, (uint)(n * Marshal.SizeOf<spi_ioc_transfer>()));

    [StructLayout(LayoutKind.Sequential)]
    internal struct spi_ioc_transfer
    {
        public ulong tx_buf;
        public ulong rx_buf;
        public uint len;
        public uint speed_hz;
        public ushort delay_usecs;
        public byte bits_per_word;
        public byte cs_change;
        public byte tx_nbits;
        public byte rx_nbits;
        public byte word_delay_usecs;
        public byte pad;
    }
}
