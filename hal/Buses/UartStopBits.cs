namespace Payload.Hal.Buses;

/// <summary>Stop bits after each UART character.</summary>
public enum UartStopBits
{
    /// <summary>One stop bit.</summary>
    One = 1,

    /// <summary>Two stop bits.</summary>
    Two = 2,
}
