namespace Payload.Hal.Buses;

/// <summary>Parity bit of each UART character.</summary>
public enum UartParity
{
    /// <summary>No parity bit.</summary>
    None,

    /// <summary>Even parity.</summary>
    Even,

    /// <summary>Odd parity.</summary>
    Odd,
}
