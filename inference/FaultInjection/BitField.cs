namespace Payload.Inference.FaultInjection;

/// <summary>The part of an IEEE 754 binary32 value a fault hits (its most significant affected bit).</summary>
public enum BitField
{
    /// <summary>Bits 0-22.</summary>
    Mantissa,

    /// <summary>Bits 23-30.</summary>
    Exponent,

    /// <summary>Bit 31.</summary>
    Sign,

    /// <summary>A bit of a byte in a file or frame (checkpoint, CADU targets), which has no float fields.</summary>
    Byte,
}
