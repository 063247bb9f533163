using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Payload.Telemetry.Frames;

/// <summary>
/// The six-octet TM transfer frame primary header (CCSDS 132.0-B-3 §4.1.2): version (2 bits),
/// SCID (10), VCID (3), OCF flag (1) | MC frame count (8) | VC frame count (8) | secondary header
/// flag (1), sync flag (1), packet order flag (1), segment length id (2), first header pointer (11).
/// </summary>
public readonly record struct TmFrameHeader(
    int SpacecraftId,
    int VirtualChannelId,
    bool HasOperationalControlField,
    int MasterChannelFrameCount,
    int VirtualChannelFrameCount,
    int FirstHeaderPointer,
    bool HasSecondaryHeader = false,
    bool IsSynchronised = false,
    bool PacketOrder = false,
    int SegmentLengthId = TmFrameLayout.SegmentLengthIdNoSegmentation,
    int Version = TmFrameLayout.VersionNumber)
{
    /// <summary>Pointer value meaning no packet starts in this frame.</summary>
    public const int NoPacketStart = TmFrameLayout.FirstHeaderPointerNoPacketStart;

    /// <summary>Pointer value meaning the data field holds only idle data.</summary>
    public const int IdleData = TmFrameLayout.FirstHeaderPointerIdleData;

    /// <summary>Writes the six header octets. Fields are masked to their widths.</summary>
    public void WriteTo(Span<byte> destination)
    {
        int id = (Version << 14) | ((SpacecraftId & TmFrameLayout.MaxSpacecraftId) << 4) | ((VirtualChannelId & 7) << 1) | (HasOperationalControlField ? 1 : 0);
        int status = ((HasSecondaryHeader ? 1 : 0) << 15) | ((IsSynchronised ? 1 : 0) << 14) | ((PacketOrder ? 1 : 0) << 13)
            | ((SegmentLengthId & 3) << 11) | (FirstHeaderPointer & 0x7FF);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)id);
        destination[2] = (byte)MasterChannelFrameCount;
        destination[3] = (byte)VirtualChannelFrameCount;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)status);
    }

    /// <summary>Decodes the six header octets without judging them (see <see cref="TryValidate"/>).</summary>
    /// <exception cref="ArgumentException">Fewer than six octets.</exception>
    public static TmFrameHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < TmFrameLayout.PrimaryHeaderLength)
        {
            throw new ArgumentException($"A TM frame primary header needs {TmFrameLayout.PrimaryHeaderLength} octets, got {source.Length}.", nameof(source));
        }

        int id = BinaryPrimitives.ReadUInt16BigEndian(source);
        int status = BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        return new TmFrameHeader(
            SpacecraftId: (id >> 4) & TmFrameLayout.MaxSpacecraftId,
            VirtualChannelId: (id >> 1) & 7,
            HasOperationalControlField: (id & 1) != 0,
            MasterChannelFrameCount: source[2],
            VirtualChannelFrameCount: source[3],
            FirstHeaderPointer: status & 0x7FF,
            HasSecondaryHeader: (status >> 15) != 0,
            IsSynchronised: ((status >> 14) & 1) != 0,
            PacketOrder: ((status >> 13) & 1) != 0,
            SegmentLengthId: (status >> 11) & 3,
            Version: id >> 14);
    }

    /// <summary>
    /// Checks the header against the configuration of this physical channel and the rules for a
    /// packet-carrying VC; <paramref name="error"/> names the field, its value and the expected one.
    /// </summary>
    public bool TryValidate(TmFrameConfiguration configuration, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        error = Version != TmFrameLayout.VersionNumber ? $"transfer frame version number is {Version}, expected {TmFrameLayout.VersionNumber}"
            : SpacecraftId != configuration.SpacecraftId ? $"spacecraft id is {SpacecraftId}, expected {configuration.SpacecraftId}"
            : HasOperationalControlField != configuration.HasOperationalControlField ? $"OCF flag is {(HasOperationalControlField ? 1 : 0)}, expected {(configuration.HasOperationalControlField ? 1 : 0)}"
            : HasSecondaryHeader ? "secondary header flag is 1, this channel carries no frame secondary header"
            : IsSynchronised ? "synchronisation flag is 1, expected 0 (packets)"
            : PacketOrder ? "packet order flag is 1, expected 0 when the synchronisation flag is 0"
            : SegmentLengthId != TmFrameLayout.SegmentLengthIdNoSegmentation ? $"segment length identifier is {SegmentLengthId}, expected {TmFrameLayout.SegmentLengthIdNoSegmentation}"
            : FirstHeaderPointer < IdleData && FirstHeaderPointer >= configuration.DataFieldLength ? $"first header pointer is {FirstHeaderPointer}, beyond the {configuration.DataFieldLength}-octet data field"
            : null;
        return error is null;
    }
}
