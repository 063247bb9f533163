namespace Payload.Telemetry.Uplink;

/// <summary>Managed parameters of a TC physical channel (CCSDS 232.0-B-4 §5): spacecraft ID and which optional fields are present.</summary>
public sealed record TcFrameFormat
{
    public TcFrameFormat(ushort spacecraftId, bool hasSegmentHeader = true, bool hasFecf = true)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spacecraftId, TcFrameLayout.MaxSpacecraftId);
        SpacecraftId = spacecraftId;
        HasSegmentHeader = hasSegmentHeader;
        HasFecf = hasFecf;
    }

    public ushort SpacecraftId { get; }

    /// <summary>Segment header on Type-AD/BD frames; Type-BC frames never carry one (§4.1.3.1).</summary>
    public bool HasSegmentHeader { get; }

    public bool HasFecf { get; }

    internal int HeaderLength(TcFrameType type) =>
        TcFrameLayout.PrimaryHeaderLength + (HasSegmentHeader && type != TcFrameType.Bc ? TcFrameLayout.SegmentHeaderLength : 0);

    internal int TrailerLength => HasFecf ? TcFrameLayout.FecfLength : 0;
}
