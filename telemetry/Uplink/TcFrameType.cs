namespace Payload.Telemetry.Uplink;

/// <summary>The three TC frame kinds selected by the bypass and control command flags (CCSDS 232.0-B-4 §4.1.2.3).</summary>
public enum TcFrameType
{
    /// <summary>Sequence-controlled data, checked by FARM-1 (bypass 0, control 0).</summary>
    Ad,

    /// <summary>Expedited data that bypasses acceptance checks (bypass 1, control 0).</summary>
    Bd,

    /// <summary>COP-1 control command: Unlock or Set V(R) (bypass 1, control 1).</summary>
    Bc,
}
