namespace Payload.Hal.Buses;

/// <summary>One SPI target behind a chip select. Failures throw <see cref="IOException"/> naming the device.</summary>
public interface ISpiDevice : IDisposable
{
    /// <summary>Name in messages: the device path on Linux, the simulated device name otherwise.</summary>
    string Name { get; }

    /// <summary>Mode, clock and word size this device is driven with.</summary>
    SpiSettings Settings { get; }

    /// <summary>
    /// One full-duplex transfer with chip select held asserted throughout: clocks out
    /// <paramref name="transmit"/> while clocking into <paramref name="receive"/> (same length).
    /// </summary>
    void Transfer(ReadOnlySpan<byte> transmit, Span<byte> receive);
}
