namespace Payload.Hal.Boards;

/// <summary>Kinds of bus a profile can declare (JSON: "i2c", "spi", "gpio", "uart", "watchdog").</summary>
public enum BusKind
{
    /// <summary>I2C adapter: /dev/i2c-N.</summary>
    I2c,

    /// <summary>SPI controller: /dev/spidevB.C.</summary>
    Spi,

    /// <summary>GPIO chip: /dev/gpiochipN.</summary>
    Gpio,

    /// <summary>Serial port: a tty.</summary>
    Uart,

    /// <summary>Watchdog: /dev/watchdog.</summary>
    Watchdog,
}
