namespace Payload.Telemetry.Uplink;

/// <summary>The TC frame field a parse failed on.</summary>
public enum TcFrameField
{
    None,
    PrimaryHeader,
    VersionNumber,
    FrameTypeFlags,
    Spare,
    SpacecraftId,
    FrameLength,
    Fecf,
}
