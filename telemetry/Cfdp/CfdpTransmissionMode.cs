namespace Payload.Telemetry.Cfdp;

/// <summary>Class 2 (acknowledged: NAKs, EOF-ACK, Finished-ACK) or class 1 (unacknowledged).</summary>
public enum CfdpTransmissionMode
{
    Acknowledged,
    Unacknowledged,
}
