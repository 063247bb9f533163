namespace Payload.Flight.Configuration;

/// <summary>How inference results are protected against radiation upsets.</summary>
public enum ProtectionMode
{
    None,
    Checkpoint,
    Redundant,
}
