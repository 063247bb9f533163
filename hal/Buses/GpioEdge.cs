namespace Payload.Hal.Buses;

/// <summary>Which transitions of an input line are reported as events (logical, after active-low).</summary>
[Flags]
public enum GpioEdge
{
    /// <summary>No edge events.</summary>
    None = 0,

    /// <summary>Inactive to active.</summary>
    Rising = 1,

    /// <summary>Active to inactive.</summary>
    Falling = 2,

    /// <summary>Both transitions.</summary>
    Both = Rising | Falling,
}
