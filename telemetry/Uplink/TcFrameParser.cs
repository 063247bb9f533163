using System.Buffers.Binary;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Uplink;

/// <summary>Parses and checks TC transfer frames (CCSDS 232.0-B-4 §4.1). A failed parse reports the field and consumes nothing.</summary>
public sealed class TcFrameParser(TcFrameFormat format)
{
    public TcFrameFormat Format { get; } = format ?? throw new ArgumentNullException(nameof(format));

    /// <summary>Parses the frame at the start of <paramref name="input"/>; on success <c>frame.Frame.Length</c> octets were consumed.</summary>
    public bool TryParse(ReadOnlySpan<byte> input, out TcFrame frame, out TcFrameError error)
    {
        frame = default;
        if (input.Length < TcFrameLayout.PrimaryHeaderLength)
        {
            error = new TcFrameError(TcFrameField.PrimaryHeader, input.Length, TcFrameLayout.PrimaryHeaderLength);
            return false;
        }

        int first = BinaryPrimitives.ReadUInt16BigEndian(input);
        int second = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        int version = first >> TcFrameLayout.VersionShift;
        if (version != TcFrameLayout.VersionNumber)
        {
            error = new TcFrameError(TcFrameField.VersionNumber, version, TcFrameLayout.VersionNumber);
            return false;
        }

        bool bypass = (first & TcFrameLayout.BypassBit) != 0;
        bool control = (first & TcFrameLayout.ControlCommandBit) != 0;
        if (control && !bypass)
        {
            error = new TcFrameError(TcFrameField.FrameTypeFlags, 0b01, 0b00);
            return false;
        }

        int spare = (first >> TcFrameLayout.SpareShift) & TcFrameLayout.SpareMask;
        if (spare != 0)
        {
            error = new TcFrameError(TcFrameField.Spare, spare, 0);
            return false;
        }

        int spacecraftId = first & TcFrameLayout.MaxSpacecraftId;
        if (spacecraftId != Format.SpacecraftId)
        {
            error = new TcFrameError(TcFrameField.SpacecraftId, spacecraftId, Format.SpacecraftId);
            return false;
        }

        TcFrameType type = !bypass ? TcFrameType.Ad : control ? TcFrameType.Bc : TcFrameType.Bd;
        int headerLength = Format.HeaderLength(type);
        int frameLength = (second & TcFrameLayout.FrameLengthMask) + 1;
        int minimum = headerLength + Format.TrailerLength + 1;
        if (frameLength < minimum)
        {
            error = new TcFrameError(TcFrameField.FrameLength, frameLength, minimum);
            return false;
        }

        if (frameLength > input.Length)
        {
            error = new TcFrameError(TcFrameField.FrameLength, frameLength, input.Length);
            return false;
        }

        int sequenceFlags = TcSequenceFlags.Unsegmented;
        byte mapId = 0;
        if (headerLength > TcFrameLayout.PrimaryHeaderLength)
        {
            byte segment = input[TcFrameLayout.PrimaryHeaderLength];
            sequenceFlags = segment >> TcFrameLayout.SequenceFlagsShift;
            mapId = (byte)(segment & TcFrameLayout.MaxMapId);
        }

        ReadOnlySpan<byte> bytes = input[..frameLength];
        if (Format.HasFecf)
        {
            ushort carried = BinaryPrimitives.ReadUInt16BigEndian(bytes[^TcFrameLayout.FecfLength..]);
            ushort computed = Crc16Ccitt.Compute(bytes[..^TcFrameLayout.FecfLength]);
            if (carried != computed)
            {
                error = new TcFrameError(TcFrameField.Fecf, carried, computed);
                return false;
            }
        }

        var header = new TcFrameHeader(type, (byte)(second >> TcFrameLayout.VirtualChannelShift), input[4], mapId);
        frame = new TcFrame(header, (ushort)spacecraftId, sequenceFlags, bytes, headerLength, Format.TrailerLength);
        error = default;
        return true;
    }
}
