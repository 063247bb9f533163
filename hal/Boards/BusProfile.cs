namespace Payload.Hal.Boards;

/// <summary>A bus in a profile.</summary>
/// <param name="Name">Name devices refer to.</param>
/// <param name="Kind">What kind of bus.</param>
/// <param name="Device">Linux device path, or <c>sim</c> for the simulated board.</param>
public sealed record BusProfile(string Name, BusKind Kind, string Device)
{
    /// <summary>The value of <see cref="Device"/> that selects the simulated board.</summary>
    public const string Simulated = "sim";

    /// <summary>True when the bus is simulated.</summary>
    public bool IsSimulated => Device == Simulated;
}
