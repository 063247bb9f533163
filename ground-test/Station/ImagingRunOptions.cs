namespace Payload.GroundTest.Station;

/// <summary>What <see cref="ImagingRun"/> asks of the payload and how hard it shakes it.</summary>
internal sealed record ImagingRunOptions
{
    /// <summary>
    /// Scenes a run images unless told otherwise: the sim board's scenes from seed 1 to 5 hold four flood alerts (in
    /// scenes 2 to 5; seed 1 has none), so a default run measures some alert latency, and it still takes about 20 s.
    /// </summary>
    public const int DefaultScenes = 5;

    /// <summary>Scenes to image; seeds <see cref="FirstSeed"/>, +1, ...</summary>
    public int Scenes { get; init; } = DefaultScenes;

    public uint FirstSeed { get; init; } = 1;

    /// <summary>Times the flight process is killed with SIGKILL and restarted (spawned flight only).</summary>
    public int Kills { get; init; }

    /// <summary>Seed of the kill moments.</summary>
    public int ChaosSeed { get; init; } = 1;

    /// <summary>Longest wait for the flight between two kills; each wait is drawn from 0.2 s up to this.</summary>
    public TimeSpan MaxTimeBetweenKills { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Rounds of RESEND_TILES for what is still missing once the payload is idle; <see cref="Timeout"/> bounds them
    /// too. A product goes down as one segmented packet that a single lost frame loses, so on a damaged link a large
    /// one can take several re-sends: with 5 rounds, a 256 x 256 confidence map once stayed missing in the chaos test.
    /// </summary>
    public int RecoveryRounds { get; init; } = 20;

    /// <summary>The whole run gives up after this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
