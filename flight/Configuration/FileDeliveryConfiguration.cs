namespace Payload.Flight.Configuration;

/// <summary>
/// The on-board CFDP entity that receives files from the ground: where received files are staged (outside the model
/// slots), its entity ID and its class 2 timers.
/// </summary>
public sealed record FileDeliveryConfiguration
{
    /// <summary>Folder for received files; the loader puts it beside the model slots when not given.</summary>
    public string Staging { get; init; } = "flight-state/staging";

    /// <summary>This payload's CFDP entity ID (the ground's is its own; every PDU names both).</summary>
    public ulong EntityId { get; init; } = 2;

    /// <summary>Time to wait for the ACK of a Finished PDU before sending it again.</summary>
    public double AckTimeoutSeconds { get; init; } = 5;

    /// <summary>Time between NAKs while data is still missing after EOF.</summary>
    public double NakTimeoutSeconds { get; init; } = 5;

    /// <summary>A transaction that hears nothing from the ground for this long (link time only) is abandoned.</summary>
    public double InactivityTimeoutSeconds { get; init; } = 300;
}
