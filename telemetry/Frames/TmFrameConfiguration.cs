namespace Payload.Telemetry.Frames;

/// <summary>
/// Managed parameters of one TM physical channel (CCSDS 132.0-B-3 §5): fixed frame length,
/// spacecraft, and which optional trailer fields every frame carries. Validated on construction.
/// </summary>
public sealed class TmFrameConfiguration
{
    /// <summary>Creates and validates a configuration.</summary>
    /// <param name="frameLength">Whole frame length in octets including OCF and FECF.</param>
    /// <param name="spacecraftId">10-bit spacecraft identifier.</param>
    /// <param name="hasOperationalControlField">Whether frames carry the 4-octet OCF (the CLCW slot).</param>
    /// <param name="hasFrameErrorControl">Whether frames end in the 2-octet CRC (FECF).</param>
    /// <param name="idleVirtualChannel">VC that idle frames go out on (conventionally 7).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter outside its field; the message names it.</exception>
    public TmFrameConfiguration(int frameLength, int spacecraftId, bool hasOperationalControlField = false, bool hasFrameErrorControl = true, int idleVirtualChannel = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spacecraftId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spacecraftId, TmFrameLayout.MaxSpacecraftId);
        ArgumentOutOfRangeException.ThrowIfNegative(idleVirtualChannel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(idleVirtualChannel, TmFrameLayout.VirtualChannelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameLength, TmFrameLayout.MaxFrameLength);
        int trailer = (hasOperationalControlField ? TmFrameLayout.OperationalControlFieldLength : 0) + (hasFrameErrorControl ? TmFrameLayout.FrameErrorControlLength : 0);
        int minimum = TmFrameLayout.PrimaryHeaderLength + trailer + 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, minimum);
        FrameLength = frameLength;
        SpacecraftId = spacecraftId;
        HasOperationalControlField = hasOperationalControlField;
        HasFrameErrorControl = hasFrameErrorControl;
        IdleVirtualChannel = idleVirtualChannel;
        DataFieldLength = frameLength - TmFrameLayout.PrimaryHeaderLength - trailer;
    }

    /// <summary>Whole frame length in octets.</summary>
    public int FrameLength { get; }

    /// <summary>10-bit spacecraft identifier.</summary>
    public int SpacecraftId { get; }

    /// <summary>Whether frames carry the operational control field.</summary>
    public bool HasOperationalControlField { get; }

    /// <summary>Whether frames carry the frame error control field.</summary>
    public bool HasFrameErrorControl { get; }

    /// <summary>VC that idle frames go out on.</summary>
    public int IdleVirtualChannel { get; }

    /// <summary>Octets of the frame data field (frame minus header, OCF and FECF).</summary>
    public int DataFieldLength { get; }

    /// <summary>Offset of the operational control field within the frame.</summary>
    internal int OperationalControlFieldOffset => TmFrameLayout.PrimaryHeaderLength + DataFieldLength;

    /// <summary>Number of virtual channels a 3-bit VCID can name.</summary>
    public static int VirtualChannelCount => TmFrameLayout.VirtualChannelCount;
}
