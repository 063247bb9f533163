using System.Buffers.Binary;
using System.Text;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Cfdp;

/// <summary>Encodes PDUs (CCSDS 727.0-B-5 §5). Each method returns the PDU length in <c>destination</c>.</summary>
internal static class CfdpPduWriter
{
    public static int FileData(in CfdpPduHeader header, ulong offset, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        int at = header.Length;
        at += WriteOffset(header, offset, destination[at..]);
        data.CopyTo(destination[at..]);
        return Finish(header, destination, at + data.Length);
    }

    public static int Metadata(in CfdpPduHeader header, ulong fileSize, string sourceFileName, string destinationFileName, Span<byte> destination)
    {
        int at = Directive(header, CfdpDirectiveCode.Metadata, destination);
        destination[at++] = 0; // closure not requested, checksum type 0: modular (§5.2.5, Table 5-9)
        at += WriteOffset(header, fileSize, destination[at..]);
        at += WriteLengthValue(sourceFileName, destination[at..]);
        at += WriteLengthValue(destinationFileName, destination[at..]);
        return Finish(header, destination, at);
    }

    public static int Eof(in CfdpPduHeader header, CfdpConditionCode condition, uint checksum, ulong fileSize, Span<byte> destination)
    {
        int at = Directive(header, CfdpDirectiveCode.Eof, destination);
        destination[at++] = (byte)((int)condition << 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[at..], checksum);
        at += 4;
        at += WriteOffset(header, fileSize, destination[at..]);
        if (condition != CfdpConditionCode.NoError)
        {
            at += WriteFaultLocation(header, destination[at..]);
        }

        return Finish(header, destination, at);
    }

    public static int Finished(in CfdpPduHeader header, CfdpConditionCode condition, bool deliveryIncomplete, int fileStatus, Span<byte> destination)
    {
        int at = Directive(header, CfdpDirectiveCode.Finished, destination);
        destination[at++] = (byte)(((int)condition << 4) | (deliveryIncomplete ? 0b100 : 0) | (fileStatus & 0b11));
        return Finish(header, destination, at);
    }

    public static int Ack(in CfdpPduHeader header, CfdpDirectiveCode acked, CfdpConditionCode condition, int transactionStatus, Span<byte> destination)
    {
        int at = Directive(header, CfdpDirectiveCode.Ack, destination);
        int subtype = acked == CfdpDirectiveCode.Finished ? CfdpLayout.FinishedAckSubtype : 0;
        destination[at++] = (byte)(((int)acked << 4) | subtype);
        destination[at++] = (byte)(((int)condition << 4) | (transactionStatus & 0b11));
        return Finish(header, destination, at);
    }

    public static int Nak(in CfdpPduHeader header, CfdpSegment scope, ReadOnlySpan<CfdpSegment> segments, Span<byte> destination)
    {
        int at = Directive(header, CfdpDirectiveCode.Nak, destination);
        at += WriteOffset(header, scope.Start, destination[at..]);
        at += WriteOffset(header, scope.End, destination[at..]);
        foreach (CfdpSegment segment in segments)
        {
            at += WriteOffset(header, segment.Start, destination[at..]);
            at += WriteOffset(header, segment.End, destination[at..]);
        }

        return Finish(header, destination, at);
    }

    /// <summary>Longest PDU that <see cref="Nak"/> writes for <paramref name="segmentCount"/> requests.</summary>
    public static int NakLength(in CfdpPduHeader header, int segmentCount) =>
        header.Length + 1 + ((2 + (2 * segmentCount)) * header.OffsetLength) + (header.HasCrc ? CfdpLayout.CrcLength : 0);

    private static int Directive(in CfdpPduHeader header, CfdpDirectiveCode code, Span<byte> destination)
    {
        destination[header.Length] = (byte)code;
        return header.Length + 1;
    }

    private static int Finish(in CfdpPduHeader header, Span<byte> destination, int length)
    {
        if (header.HasCrc)
        {
            length += CfdpLayout.CrcLength;
        }

        int flags = (CfdpLayout.Version << CfdpLayout.VersionShift)
            | (header.IsFileData ? CfdpLayout.FileDataBit : 0)
            | (header.TowardSender ? CfdpLayout.TowardSenderBit : 0)
            | (header.Mode == CfdpTransmissionMode.Unacknowledged ? CfdpLayout.UnacknowledgedBit : 0)
            | (header.HasCrc ? CfdpLayout.CrcBit : 0)
            | (header.LargeFile ? CfdpLayout.LargeFileBit : 0);
        destination[0] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], checked((ushort)(length - header.Length)));
        destination[3] = (byte)(((header.EntityIdLength - 1) << CfdpLayout.EntityIdLengthShift) | (header.SequenceNumberLength - 1));
        int at = CfdpLayout.FixedHeaderLength;
        WriteUnsigned(header.SourceEntityId, destination.Slice(at, header.EntityIdLength));
        WriteUnsigned(header.SequenceNumber, destination.Slice(at + header.EntityIdLength, header.SequenceNumberLength));
        WriteUnsigned(header.DestinationEntityId, destination.Slice(at + header.EntityIdLength + header.SequenceNumberLength, header.EntityIdLength));
        if (header.HasCrc)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(length - CfdpLayout.CrcLength)..], Crc16Ccitt.Compute(destination[..(length - CfdpLayout.CrcLength)]));
        }

        return length;
    }

    private static int WriteOffset(in CfdpPduHeader header, ulong value, Span<byte> destination)
    {
        if (header.LargeFile)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, checked((uint)value));
        }

        return header.OffsetLength;
    }

    private static int WriteLengthValue(string value, Span<byte> destination)
    {
        int length = Encoding.UTF8.GetBytes(value, destination[1..]);
        destination[0] = checked((byte)length);
        return 1 + length;
    }

    private static int WriteFaultLocation(in CfdpPduHeader header, Span<byte> destination)
    {
        destination[0] = CfdpLayout.EntityIdTlvType;
        destination[1] = (byte)header.EntityIdLength;
        WriteUnsigned(header.TowardSender ? header.DestinationEntityId : header.SourceEntityId, destination.Slice(2, header.EntityIdLength));
        return 2 + header.EntityIdLength;
    }

    private static void WriteUnsigned(ulong value, Span<byte> destination)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }
    }
}
