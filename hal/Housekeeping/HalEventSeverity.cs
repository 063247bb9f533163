namespace Payload.Hal.Housekeeping;

/// <summary>How much an event matters to the operator.</summary>
public enum HalEventSeverity
{
    /// <summary>Expected state change.</summary>
    Info,

    /// <summary>Off-nominal, handled autonomously.</summary>
    Warning,

    /// <summary>Autonomous handling gave up or a limit was breached: the ground must act.</summary>
    Critical,
}
