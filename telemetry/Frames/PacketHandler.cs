namespace Payload.Telemetry.Frames;

/// <summary>Receives one whole space packet extracted from a virtual channel; the span is valid only during the call.</summary>
public delegate void PacketHandler(int virtualChannelId, ReadOnlySpan<byte> packet);
