namespace Payload.Flight.Configuration;

/// <summary>Everything the flight executable is started with; <see cref="Defaults"/> is the desk set-up.</summary>
public sealed record FlightConfiguration
{
    /// <summary>A built-in hal profile name (sim, rig-example) or a profile file path.</summary>
    public string Board { get; init; } = "sim";

    /// <summary>Directory of the A/B model slots; empty means the committed default model only.</summary>
    public string ModelSlots { get; init; } = "";

    public string Checkpoints { get; init; } = "flight-state/checkpoints";

    /// <summary>Boot count, reset history and anti-replay state survive resets here.</summary>
    public string StateFile { get; init; } = "flight-state/boot.json";

    public LinkConfiguration Downlink { get; init; } = new(LinkKind.Udp, "127.0.0.1", 52001);

    public LinkConfiguration Uplink { get; init; } = new(LinkKind.Udp, "127.0.0.1", 52000);

    public ProtectionMode Protection { get; init; } = ProtectionMode.Scrub;

    public RateConfiguration Rates { get; init; } = new();

    public FaultConfiguration Faults { get; init; } = new();

    public ushort SpacecraftId { get; init; } = 427;

    /// <summary>Uplink HMAC keys (owner-only file); null means no keys, so every command is refused.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The ground's public key (PEM) that model packages must be signed with; required with <see cref="ModelSlots"/>.</summary>
    public string? GroundKeyFile { get; init; }

    /// <summary>CFDP file delivery from the ground (model packages arrive this way).</summary>
    public FileDeliveryConfiguration Files { get; init; } = new();

    public static FlightConfiguration Defaults { get; } = new();
}
