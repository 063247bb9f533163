namespace Payload.Hal.Housekeeping;

/// <summary>Where latch-up protection of one rail stands.</summary>
public enum LatchUpState
{
    /// <summary>Rail on, current watched.</summary>
    Watching,

    /// <summary>Rail switched off after a latch-up, waiting out the off time.</summary>
    PoweredOff,

    /// <summary>Gave up after the allowed power cycles; the rail stays off until the ground acts.</summary>
    GaveUp,
}
