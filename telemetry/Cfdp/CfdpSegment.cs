namespace Payload.Telemetry.Cfdp;

/// <summary>A file range [Start, End) as used in NAK segment requests (CCSDS 727.0-B-5 §5.2.6).</summary>
internal readonly record struct CfdpSegment(ulong Start, ulong End);
