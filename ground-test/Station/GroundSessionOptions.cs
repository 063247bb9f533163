namespace Payload.GroundTest.Station;

/// <summary>How a <see cref="GroundSession"/> reaches the payload.</summary>
internal sealed record GroundSessionOptions
{
    /// <summary>Folder of this run; a spawned flight gets <c>flight/</c> in it.</summary>
    public required string RunFolder { get; init; }

    /// <summary>
    /// Null: spawn <c>Payload.Flight</c> as a child process. Otherwise the rig's downlink: <c>HOST:PORT</c> or
    /// <c>tcp://HOST:PORT</c> (connected to), or <c>udp://HOST:PORT</c> (listened on).
    /// </summary>
    public string? Rig { get; init; }

    /// <summary>The rig's uplink, <c>udp://HOST:PORT</c> or <c>tcp://HOST:PORT</c> (required with <see cref="Rig"/>).</summary>
    public string? RigUplink { get; init; }

    /// <summary>The rig's uplink key file (required with <see cref="Rig"/>; a spawned flight gets a fresh key).</summary>
    public string? KeyFile { get; init; }

    public ushort Spi { get; init; } = 1;

    /// <summary>Security sequence number of the first frame; null: from <see cref="Uplink.SecuritySequenceFile"/> beside the key file.</summary>
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
