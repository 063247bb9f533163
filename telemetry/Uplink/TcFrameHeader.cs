namespace Payload.Telemetry.Uplink;

/// <summary>What varies per TC frame; the spacecraft ID and optional fields come from <see cref="TcFrameFormat"/>.</summary>
public readonly record struct TcFrameHeader(TcFrameType Type, byte VirtualChannelId, byte SequenceNumber, byte MapId = 0);
