using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.TestUtilities;

/// <summary>Keeps every frame FOP-1 transmits, or forwards it to a channel.</summary>
internal sealed class RecordingFrameSink(LossyChannel? channel = null) : ITcFrameSink
{
    public List<byte[]> Frames { get; } = [];

    public void Transmit(ReadOnlySpan<byte> frame)
    {
        Frames.Add(frame.ToArray());
        channel?.Send(frame);
    }
}
