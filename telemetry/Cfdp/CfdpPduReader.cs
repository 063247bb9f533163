using System.Buffers.Binary;
using System.Text;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Cfdp;

/// <summary>Decodes PDUs (CCSDS 727.0-B-5 §5). Never throws on bad input: the first bad field is reported.</summary>
internal static class CfdpPduReader
{
    public static bool TryRead(ReadOnlySpan<byte> pdu, out CfdpPdu result, out CfdpPduError error)
    {
        result = default;
        if (pdu.Length < CfdpLayout.FixedHeaderLength)
        {
            return Fail("PduLength", pdu.Length, CfdpLayout.FixedHeaderLength, out error);
        }

        int flags = pdu[0];
        int version = flags >> CfdpLayout.VersionShift;
        if (version != CfdpLayout.Version)
        {
            return Fail("Version", version, CfdpLayout.Version, out error);
        }

        int dataFieldLength = BinaryPrimitives.ReadUInt16BigEndian(pdu[1..]);
        int lengths = pdu[3];
        if ((lengths & CfdpLayout.SegmentMetadataBit) != 0)
        {
            return Fail("SegmentMetadataFlag", 1, 0, out error);
        }

        int entityIdLength = ((lengths >> CfdpLayout.EntityIdLengthShift) & CfdpLayout.LengthMask) + 1;
        int sequenceLength = (lengths & CfdpLayout.LengthMask) + 1;
        var header = new CfdpPduHeader(
            (flags & CfdpLayout.FileDataBit) != 0,
            (flags & CfdpLayout.TowardSenderBit) != 0,
            (flags & CfdpLayout.UnacknowledgedBit) != 0 ? CfdpTransmissionMode.Unacknowledged : CfdpTransmissionMode.Acknowledged,
            (flags & CfdpLayout.CrcBit) != 0,
            (flags & CfdpLayout.LargeFileBit) != 0,
            entityIdLength,
            sequenceLength,
            0,
            0,
            0);
        if (pdu.Length < header.Length + dataFieldLength)
        {
            return Fail("PduDataFieldLength", dataFieldLength, pdu.Length - header.Length, out error);
        }

        pdu = pdu[..(header.Length + dataFieldLength)];
        int at = CfdpLayout.FixedHeaderLength;
        header = header with
        {
            SourceEntityId = ReadUnsigned(pdu.Slice(at, entityIdLength)),
            SequenceNumber = ReadUnsigned(pdu.Slice(at + entityIdLength, sequenceLength)),
            DestinationEntityId = ReadUnsigned(pdu.Slice(at + entityIdLength + sequenceLength, entityIdLength)),
        };
        ReadOnlySpan<byte> body = pdu[header.Length..];
        if (header.HasCrc)
        {
            if (body.Length < CfdpLayout.CrcLength)
            {
                return Fail("PduDataFieldLength", dataFieldLength, CfdpLayout.CrcLength, out error);
            }

            ushort carried = BinaryPrimitives.ReadUInt16BigEndian(pdu[^CfdpLayout.CrcLength..]);
            ushort computed = Crc16Ccitt.Compute(pdu[..^CfdpLayout.CrcLength]);
            if (carried != computed)
            {
                return Fail("Crc", carried, computed, out error);
            }

            body = body[..^CfdpLayout.CrcLength];
        }

        var reader = new FieldReader(body, header.OffsetLength);
        return header.IsFileData ? ReadFileData(header, ref reader, out result, out error) : ReadDirective(header, ref reader, out result, out error);
    }

    private static bool ReadFileData(CfdpPduHeader header, scoped ref FieldReader reader, out CfdpPdu result, out CfdpPduError error)
    {
        result = default;
        if (!reader.TryOffset(out ulong offset))
        {
            return Fail("FileDataOffset", reader.Remaining, header.OffsetLength, out error);
        }

        result = new CfdpPdu { Header = header, Kind = CfdpPduKind.FileData, Offset = offset, FileData = reader.Rest };
        error = default;
        return true;
    }

    private static bool ReadDirective(CfdpPduHeader header, scoped ref FieldReader reader, out CfdpPdu result, out CfdpPduError error)
    {
        result = default;
        if (!reader.TryByte(out byte code))
        {
            return Fail("DirectiveCode", reader.Remaining, 1, out error);
        }

        error = default;
        switch ((CfdpDirectiveCode)code)
        {
            case CfdpDirectiveCode.Eof:
                if (!reader.TryByte(out byte eofCondition) || !reader.TryUInt32(out uint checksum) || !reader.TryOffset(out ulong size))
                {
                    return Fail("EofLength", reader.Remaining, 5 + header.OffsetLength, out error);
                }

                result = new CfdpPdu { Header = header, Kind = CfdpPduKind.Eof, Condition = (CfdpConditionCode)(eofCondition >> 4), Checksum = checksum, Offset = size };
                return true;
            case CfdpDirectiveCode.Finished:
                if (!reader.TryByte(out byte finished))
                {
                    return Fail("FinishedLength", 0, 1, out error);
                }

                result = new CfdpPdu
                {
                    Header = header,
                    Kind = CfdpPduKind.Finished,
                    Condition = (CfdpConditionCode)(finished >> 4),
                    DeliveryIncomplete = (finished & 0b100) != 0,
                    FileStatus = finished & 0b11,
                };
                return true;
            case CfdpDirectiveCode.Ack:
                if (!reader.TryByte(out byte acked) || !reader.TryByte(out byte status))
                {
                    return Fail("AckLength", reader.Remaining, 2, out error);
                }

                result = new CfdpPdu
                {
                    Header = header,
                    Kind = CfdpPduKind.Ack,
                    AckedDirective = (CfdpDirectiveCode)(acked >> 4),
                    Condition = (CfdpConditionCode)(status >> 4),
                    TransactionStatus = status & 0b11,
                };
                return true;
            case CfdpDirectiveCode.Metadata:
                if (!reader.TryByte(out byte options) || !reader.TryOffset(out ulong fileSize))
                {
                    return Fail("MetadataLength", reader.Remaining, 1 + header.OffsetLength, out error);
                }

                if (!reader.TryLengthValue(out string? source))
                {
                    return Fail("SourceFileNameLength", reader.Remaining, 1, out error);
                }

                if (!reader.TryLengthValue(out string? destination))
                {
                    return Fail("DestinationFileNameLength", reader.Remaining, 1, out error);
                }

                result = new CfdpPdu
                {
                    Header = header,
                    Kind = CfdpPduKind.Metadata,
                    ClosureRequested = (options & 0b0100_0000) != 0,
                    ChecksumType = options & 0x0F,
                    Offset = fileSize,
                    SourceFileName = source,
                    DestinationFileName = destination,
                };
                return true;
            case CfdpDirectiveCode.Nak:
                if (!reader.TryOffset(out ulong scopeStart) || !reader.TryOffset(out ulong scopeEnd))
                {
                    return Fail("NakScopeLength", reader.Remaining, 2 * header.OffsetLength, out error);
                }

                if (reader.Remaining % (2 * header.OffsetLength) != 0)
                {
                    return Fail("NakSegmentRequestsLength", reader.Remaining, 2 * header.OffsetLength, out error);
                }

                var segments = new CfdpSegment[reader.Remaining / (2 * header.OffsetLength)];
                for (int i = 0; i < segments.Length; i++)
                {
                    reader.TryOffset(out ulong start);
                    reader.TryOffset(out ulong end);
                    if (end < start)
                    {
                        return Fail("NakSegmentEnd", (long)end, (long)start, out error);
                    }

                    segments[i] = new CfdpSegment(start, end);
                }

                result = new CfdpPdu { Header = header, Kind = CfdpPduKind.Nak, Scope = new CfdpSegment(scopeStart, scopeEnd), Segments = segments };
                return true;
            case CfdpDirectiveCode.Prompt:
                if (!reader.TryByte(out byte prompt))
                {
                    return Fail("PromptLength", 0, 1, out error);
                }

                result = new CfdpPdu { Header = header, Kind = CfdpPduKind.Prompt, PromptKeepAlive = (prompt & 0x80) != 0 };
                return true;
            case CfdpDirectiveCode.KeepAlive:
                if (!reader.TryOffset(out ulong progress))
                {
                    return Fail("KeepAliveLength", reader.Remaining, header.OffsetLength, out error);
                }

                result = new CfdpPdu { Header = header, Kind = CfdpPduKind.KeepAlive, Offset = progress };
                return true;
            default:
                return Fail("DirectiveCode", code, (long)CfdpDirectiveCode.Metadata, out error);
        }
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> field)
    {
        ulong value = 0;
        foreach (byte b in field)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static bool Fail(string field, long value, long expected, out CfdpPduError error)
    {
        error = new CfdpPduError(field, value, expected);
        return false;
    }

    private ref struct FieldReader(ReadOnlySpan<byte> body, int offsetLength)
    {
        private ReadOnlySpan<byte> rest = body;

        public readonly int Remaining => rest.Length;

        public readonly ReadOnlySpan<byte> Rest => rest;

        public bool TryByte(out byte value)
        {
            value = 0;
            if (rest.IsEmpty)
            {
                return false;
            }

            value = rest[0];
            rest = rest[1..];
            return true;
        }

        public bool TryUInt32(out uint value)
        {
            value = 0;
            if (rest.Length < 4)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt32BigEndian(rest);
            rest = rest[4..];
            return true;
        }

        public bool TryOffset(out ulong value)
        {
            value = 0;
            if (rest.Length < offsetLength)
            {
                return false;
            }

            value = ReadUnsigned(rest[..offsetLength]);
            rest = rest[offsetLength..];
            return true;
        }

        public bool TryLengthValue(out string? value)
        {
            value = null;
            if (rest.IsEmpty || rest.Length < 1 + rest[0])
            {
                return false;
            }

            value = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
            rest = rest[(1 + rest[0])..];
            return true;
        }
    }
}
