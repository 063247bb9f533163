using System.Buffers.Binary;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Uplink;

/// <summary>Writes TC transfer frames (CCSDS 232.0-B-4 §4.1): primary header, optional segment header, data, optional FECF.</summary>
public sealed class TcFrameEncoder(TcFrameFormat format) : ITcFrameWriter
{
    public TcFrameFormat Format { get; } = format ?? throw new ArgumentNullException(nameof(format));

    public int GetFrameLength(TcFrameType type, int dataLength) => Format.HeaderLength(type) + dataLength + Format.TrailerLength;

    public int Write(in TcFrameHeader header, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        int length = WriteHeaders(Format, header, data.Length, destination);
        data.CopyTo(destination[length..]);
        return Seal(Format, destination, length + data.Length);
    }

    /// <summary>Writes the primary (and segment) header for a frame whose data field is <paramref name="dataLength"/> octets; returns the header length.</summary>
    internal static int WriteHeaders(TcFrameFormat format, in TcFrameHeader header, int dataLength, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.VirtualChannelId, TcFrameLayout.MaxVirtualChannelId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.MapId, TcFrameLayout.MaxMapId);
        int headerLength = format.HeaderLength(header.Type);
        int frameLength = headerLength + dataLength + format.TrailerLength;
        if (frameLength > TcFrameLayout.MaxFrameLength)
        {
            throw new ArgumentException($"TC frame would be {frameLength} octets, the maximum is {TcFrameLayout.MaxFrameLength}", nameof(dataLength));
        }

        if (destination.Length < frameLength)
        {
            throw new ArgumentException($"TC frame needs {frameLength} octets, destination holds {destination.Length}", nameof(destination));
        }

        int flags = header.Type switch
        {
            TcFrameType.Ad => 0,
            TcFrameType.Bd => TcFrameLayout.BypassBit,
            _ => TcFrameLayout.BypassBit | TcFrameLayout.ControlCommandBit,
        };
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)((TcFrameLayout.VersionNumber << TcFrameLayout.VersionShift) | flags | format.SpacecraftId));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((header.VirtualChannelId << TcFrameLayout.VirtualChannelShift) | (frameLength - 1)));
        destination[4] = header.SequenceNumber;
        if (headerLength > TcFrameLayout.PrimaryHeaderLength)
        {
            destination[5] = (byte)((TcSequenceFlags.Unsegmented << TcFrameLayout.SequenceFlagsShift) | header.MapId);
        }

        return headerLength;
    }

    /// <summary>Appends the FECF when configured; returns the final frame length.</summary>
    internal static int Seal(TcFrameFormat format, Span<byte> frame, int lengthBeforeFecf)
    {
        if (!format.HasFecf)
        {
            return lengthBeforeFecf;
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame[lengthBeforeFecf..], Crc16Ccitt.Compute(frame[..lengthBeforeFecf]));
        return lengthBeforeFecf + TcFrameLayout.FecfLength;
    }
}
