using Payload.Flight.Configuration;

namespace Payload.GroundTest.Station;

/// <summary>
/// How a <see cref="GroundSession"/> reaches the payload: with neither <see cref="Uplink"/> nor <see cref="Downlink"/>
/// it spawns <c>Payload.Flight</c> on loopback UDP links; otherwise it uses the addresses given (a rig, or a payload
/// that <c>send</c> and <c>model</c> talk to), read by <see cref="GroundLinkAddress"/>.
/// </summary>
internal sealed record GroundSessionOptions
{
    /// <summary>Folder of this run; a spawned flight gets <c>flight/</c> in it (required to spawn one).</summary>
    public string? RunFolder { get; init; }

    /// <summary>
    /// Where the payload's CADUs come from: UDP listened on, TCP connected to, or a serial device. Null with an
    /// <see cref="Uplink"/>: no downlink, so commands go up once as Type-BD and nothing is acknowledged.
    /// </summary>
    public LinkConfiguration? Downlink { get; init; }

    /// <summary>Where CLTUs go: UDP, TCP or a serial device (the downlink's own when it names the same path). Null: spawn a flight.</summary>
    public LinkConfiguration? Uplink { get; init; }

    /// <summary>The payload's uplink key file (required with <see cref="Uplink"/>; a spawned flight gets a fresh key).</summary>
    public string? KeyFile { get; init; }

    public ushort Spi { get; init; } = 1;

    /// <summary>Security sequence number of the first frame; null: from <see cref="Payload.GroundTest.Uplink.SecuritySequenceFile"/> beside the key file.</summary>
    public uint? FirstSequenceNumber { get; init; }

    public ushort SpacecraftId { get; init; } = 427;

    /// <summary>Board of a spawned flight: <c>sim</c> or a board profile file.</summary>
    public string Board { get; init; } = "sim";

    /// <summary>Tile rate ceiling of a spawned flight.</summary>
    public double MaxTilesPerSecond { get; init; } = 20;

    /// <summary>Fraction of CADUs the link shim drops before the ground decodes them.</summary>
    public double CaduDropFraction { get; init; }

    /// <summary>Fraction of CADUs the link shim corrupts.</summary>
    public double CaduCorruptionFraction { get; init; }

    /// <summary>Seed of the link shim.</summary>
    public int LinkSeed { get; init; } = 1;

    /// <summary>FOP-1 timer T1: time without a CLCW's progress before the window is sent again.</summary>
    public TimeSpan UplinkTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
