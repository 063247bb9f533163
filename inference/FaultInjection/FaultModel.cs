namespace Payload.Inference.FaultInjection;

/// <summary>What an injected upset does to the bytes of one tensor element.</summary>
public enum FaultModel
{
    /// <summary>One bit inverted.</summary>
    SingleBit,

    /// <summary><see cref="Fault.Width"/> adjacent bits inverted, starting at <see cref="Fault.Bit"/> (a multi-cell upset).</summary>
    AdjacentBits,

    /// <summary>The byte holding <see cref="Fault.Bit"/> stuck at <see cref="Fault.Value"/> (0x00 or 0xFF).</summary>
    ByteStuckAt,

    /// <summary>The byte holding <see cref="Fault.Bit"/> overwritten with the random <see cref="Fault.Value"/>.</summary>
    RandomByte,
}
