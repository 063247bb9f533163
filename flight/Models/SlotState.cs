namespace Payload.Flight.Models;

/// <summary>What a slot holds.</summary>
public enum SlotState
{
    /// <summary>Nothing installed.</summary>
    Empty,

    /// <summary>A complete, verified install that is not active.</summary>
    Installed,

    /// <summary>The install in use.</summary>
    Active,

    /// <summary>Files missing or altered since the install; it cannot be activated.</summary>
    Corrupt,
}
