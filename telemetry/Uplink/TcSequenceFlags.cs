namespace Payload.Telemetry.Uplink;

/// <summary>Segment header sequence flags (CCSDS 232.0-B-4 §4.1.3.2.2).</summary>
internal static class TcSequenceFlags
{
    public const int Continuing = 0b00;
    public const int First = 0b01;
    public const int Last = 0b10;
    public const int Unsegmented = 0b11;
}
