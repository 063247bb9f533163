namespace Payload.Telemetry.Packets;

/// <summary>The two sequence flag bits (CCSDS 133.0-B-2 §4.1.3.4.2).</summary>
public enum SequenceFlags
{
    /// <summary>'00': a continuation segment of user data.</summary>
    Continuation = 0b00,

    /// <summary>'01': the first segment of user data.</summary>
    First = 0b01,

    /// <summary>'10': the last segment of user data.</summary>
    Last = 0b10,

    /// <summary>'11': unsegmented user data.</summary>
    Unsegmented = 0b11,
}
