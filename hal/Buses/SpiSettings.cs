namespace Payload.Hal.Buses;

/// <summary>How an SPI target is clocked: bus, chip select, mode, clock and word size.</summary>
/// <param name="BusId">SPI controller number (the B of /dev/spidevB.C).</param>
/// <param name="ChipSelect">Chip-select line (the C of /dev/spidevB.C).</param>
/// <param name="Mode">Clock polarity and phase.</param>
/// <param name="ClockHz">Maximum SCLK frequency in hertz.</param>
/// <param name="BitsPerWord">Word size; 8 for byte-oriented targets.</param>
public sealed record SpiSettings(int BusId, int ChipSelect, SpiMode Mode = SpiMode.Mode0, int ClockHz = 1_000_000, int BitsPerWord = 8);
