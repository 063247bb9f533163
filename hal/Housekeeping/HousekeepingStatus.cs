namespace Payload.Hal.Housekeeping;

/// <summary>Whether a housekeeping value was read.</summary>
public enum HousekeepingStatus
{
    /// <summary>Read normally.</summary>
    Ok,

    /// <summary>The bus transaction failed (NACK, timeout, unpowered); the value is NaN.</summary>
    BusError,

    /// <summary>The device answered with something impossible; the value is NaN.</summary>
    DeviceError,
}
