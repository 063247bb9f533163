namespace Payload.Flight.Models;

/// <summary>The two slots of an A/B store: one active, the other receives the next install.</summary>
public enum SlotName
{
    A,
    B,
}
