namespace Payload.Telemetry;

/// <summary>Kinds of <see cref="LinkEvent"/> the ground decoder reports.</summary>
public enum LinkEventKind
{
    /// <summary>A CADU whose Reed-Solomon codewords could not all be corrected; its frame was dropped.</summary>
    UncorrectableCodeword,

    /// <summary>The transfer frame failed its frame error control field check.</summary>
    FrameCrcFailure,

    /// <summary>A transfer frame primary header field holds a value that is impossible or not configured.</summary>
    InvalidFrameHeader,

    /// <summary>The master-channel frame count jumped: frames were lost.</summary>
    MasterChannelGap,

    /// <summary>A virtual channel's frame count jumped: frames of that channel were lost.</summary>
    VirtualChannelGap,

    /// <summary>A space packet header is malformed or its length field does not fit what arrived.</summary>
    InvalidPacket,

    /// <summary>A partly received space packet was discarded (lost frame, inconsistent pointer, end of stream).</summary>
    PacketDiscarded,

    /// <summary>A frame or packet counter jumped back to 0: the sender restarted (nothing is counted as lost).</summary>
    SenderRestart,

    /// <summary>A space packet's sequence count jumped: packets of that APID were lost.</summary>
    PacketSequenceGap,

    /// <summary>A segmented product could not be reassembled (missing first or last segment).</summary>
    ProductIncomplete,

    /// <summary>The byte stream ended or was cut in the middle of a CADU.</summary>
    TruncatedCadu,
}
