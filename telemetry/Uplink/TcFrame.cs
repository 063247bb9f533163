namespace Payload.Telemetry.Uplink;

/// <summary>A parsed TC transfer frame: views into the input, nothing copied.</summary>
public readonly ref struct TcFrame
{
    internal TcFrame(TcFrameHeader header, ushort spacecraftId, int sequenceFlags, ReadOnlySpan<byte> frame, int headerLength, int trailerLength)
    {
        Header = header;
        SpacecraftId = spacecraftId;
        SequenceFlags = sequenceFlags;
        Frame = frame;
        HeaderLength = headerLength;
        DataField = frame[headerLength..^trailerLength];
    }

    public TcFrameHeader Header { get; }

    public ushort SpacecraftId { get; }

    /// <summary>Segment header sequence flags (0b11 = unsegmented); 0b11 when there is no segment header.</summary>
    public int SequenceFlags { get; }

    /// <summary>The whole frame, FECF included.</summary>
    public ReadOnlySpan<byte> Frame { get; }

    /// <summary>Primary plus segment header length.</summary>
    public int HeaderLength { get; }

    /// <summary>Everything between the headers and the FECF (with SDLS: security header, data and MAC).</summary>
    public ReadOnlySpan<byte> DataField { get; }
}
