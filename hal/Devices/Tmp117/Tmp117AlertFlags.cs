namespace Payload.Hal.Devices.Tmp117;

/// <summary>Alert flags latched by the TMP117 in alert mode (cleared when the configuration register is read).</summary>
[Flags]
public enum Tmp117AlertFlags
{
    /// <summary>No limit crossed.</summary>
    None = 0,

    /// <summary>Temperature rose above the high limit.</summary>
    High = 1,

    /// <summary>Temperature fell below the low limit.</summary>
    Low = 2,
}
