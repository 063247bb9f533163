namespace Payload.GroundTest.Uplink;

/// <summary>How the ground reaches the payload: uplink address, signing key, frame identity and where acknowledgements come down.</summary>
internal sealed record UplinkSettings(
    FileInfo KeyFile, string To, ushort Spi, ushort SpacecraftId, uint? Sequence, string? Downlink, TimeSpan Timeout);
