namespace Payload.Flight.Configuration;

/// <summary>When faults and resets send the payload to SAFE.</summary>
public sealed record FaultConfiguration
{
    /// <summary>Faults within <see cref="FaultWindowSeconds"/> that force SAFE.</summary>
    public int MaxFaults { get; init; } = 3;

    public double FaultWindowSeconds { get; init; } = 60;

    /// <summary>Resets within <see cref="ResetWindowSeconds"/> after which the payload boots into SAFE.</summary>
    public int MaxResets { get; init; } = 3;

    public double ResetWindowSeconds { get; init; } = 600;
}
