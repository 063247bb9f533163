namespace Payload.Hal.Buses;

/// <summary>Why the board last reset, as far as the watchdog hardware can tell.</summary>
public enum WatchdogResetReason
{
    /// <summary>Normal power-on or a requested reboot.</summary>
    PowerOn,

    /// <summary>The watchdog expired because nobody kicked it.</summary>
    WatchdogTimeout,

    /// <summary>The board reset on over-temperature.</summary>
    OverTemperature,

    /// <summary>The board reset because a supply dropped.</summary>
    PowerFault,
}
