namespace Payload.Telemetry.Uplink;

/// <summary>The two COP-1 control commands.</summary>
public enum TcControlCommandKind
{
    Unlock,
    SetVr,
}
