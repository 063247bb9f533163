namespace Payload.Telemetry.Uplink;

/// <summary>Where FOP-1 hands finished TC frames (typically: CLTU encoder, then the uplink).</summary>
public interface ITcFrameSink
{
    void Transmit(ReadOnlySpan<byte> frame);
}
