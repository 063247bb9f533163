using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;

namespace Payload.Flight.Telemetry;

/// <summary>The payload's downlink layout, shared by the flight transmitter and the ground's receivers.</summary>
public static class DownlinkFormat
{
    /// <summary>One Reed-Solomon codeblock per frame, no virtual fill (CCSDS 131.0-B-5 §4.3: 223 octets at I = 1).</summary>
    public const int FrameLength = 223;

    public static CaduFormat Cadu { get; } = new(FrameLength, interleaveDepth: 1);

    /// <summary>TM frames with the CLCW in the operational control field.</summary>
    public static TmFrameConfiguration Frames(int spacecraftId) => new(FrameLength, spacecraftId, hasOperationalControlField: true);
}
