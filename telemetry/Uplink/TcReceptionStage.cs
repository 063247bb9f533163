namespace Payload.Telemetry.Uplink;

/// <summary>The uplink stage that rejected a CLTU, or Accepted.</summary>
public enum TcReceptionStage
{
    Accepted,
    Cltu,
    Frame,
    Authentication,
    Farm,
}
