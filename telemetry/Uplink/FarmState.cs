namespace Payload.Telemetry.Uplink;

/// <summary>FARM-1 states (CCSDS 232.1-B-2 §6.2).</summary>
public enum FarmState
{
    Open,
    Wait,
    Lockout,
}
