namespace Payload.Hal.Buses;

/// <summary>SPI clock polarity and phase (CPOL, CPHA) as numbered in every SPI datasheet.</summary>
public enum SpiMode
{
    /// <summary>CPOL=0, CPHA=0.</summary>
    Mode0 = 0,

    /// <summary>CPOL=0, CPHA=1.</summary>
    Mode1 = 1,

    /// <summary>CPOL=1, CPHA=0.</summary>
    Mode2 = 2,

    /// <summary>CPOL=1, CPHA=1.</summary>
    Mode3 = 3,
}
