using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Payload.Telemetry.Cfdp;

/// <summary>Sending side of one transaction (CCSDS 727.0-B-5 §4.6 class 1, §4.7 class 2).</summary>
internal sealed class CfdpSendTransaction : IDisposable
{
    private readonly CfdpEntity entity;
    private readonly CfdpPduHeader header;
    private readonly SafeFileHandle file;
    private readonly ulong fileSize;
    private readonly uint checksum;
    private readonly string sourceFileName;
    private readonly string destinationFileName;
    private readonly Queue<CfdpSegment> retransmissions = new();
    private bool metadataDue = true;
    private ulong nextOffset;
    private bool eofSent;
    private bool eofAcknowledged;
    private int eofTransmissions;
    private DateTimeOffset? ackDeadline;
    private DateTimeOffset inactivityDeadline;

    public CfdpSendTransaction(CfdpEntity entity, CfdpTransactionId id, ulong destinationEntityId, string sourcePath, string destinationFileName, CfdpTransmissionMode mode)
    {
        this.entity = entity;
        Id = id;
        this.destinationFileName = destinationFileName;
        sourceFileName = Path.GetFileName(sourcePath);
        file = File.OpenHandle(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        fileSize = (ulong)RandomAccess.GetLength(file);
        checksum = ComputeChecksum(file, fileSize);
        CfdpEntityOptions options = entity.Options;
        header = new CfdpPduHeader(false, false, mode, options.UseCrc, fileSize > uint.MaxValue, options.EntityIdLength, options.SequenceNumberLength, options.EntityId, id.SequenceNumber, destinationEntityId);
        inactivityDeadline = entity.Time.GetUtcNow() + options.InactivityTimeout;
    }

    public CfdpTransactionId Id { get; }

    public bool IsDone { get; private set; }

    private bool Acknowledged => header.Mode == CfdpTransmissionMode.Acknowledged;

    public static void AcknowledgeFinished(CfdpEntity entity, in CfdpPduHeader received, CfdpConditionCode condition)
    {
        CfdpPduHeader reply = received with { TowardSender = false, IsFileData = false };
        entity.Transmit(CfdpPduWriter.Ack(reply, CfdpDirectiveCode.Finished, condition, TransactionStatusTerminated, entity.PduBuffer));
    }

    public void Handle(in CfdpPdu pdu)
    {
        inactivityDeadline = entity.Time.GetUtcNow() + entity.Options.InactivityTimeout;
        switch (pdu.Kind)
        {
            case CfdpPduKind.Ack when pdu.AckedDirective == CfdpDirectiveCode.Eof:
                eofAcknowledged = true;
                ackDeadline = null;
                break;
            case CfdpPduKind.Nak:
                foreach (CfdpSegment segment in pdu.Segments!)
                {
                    if (segment is { Start: 0, End: 0 })
                    {
                        metadataDue = true;
                    }
                    else if (segment.Start < fileSize)
                    {
                        retransmissions.Enqueue(new CfdpSegment(segment.Start, Math.Min(segment.End, fileSize)));
                    }
                }

                break;
            case CfdpPduKind.Finished:
                AcknowledgeFinished(entity, pdu.Header, pdu.Condition);
                IsDone = true;
                bool delivered = pdu.Condition == CfdpConditionCode.NoError && !pdu.DeliveryIncomplete;
                entity.Indicate(
                    delivered ? CfdpIndicationKind.TransactionFinished : CfdpIndicationKind.Fault,
                    Id,
                    pdu.Condition,
                    delivered ? $"CFDP transaction {Id}: {sourceFileName} delivered ({fileSize} octets)" : $"CFDP transaction {Id}: receiver finished with {pdu.Condition}");
                break;
        }
    }

    public void Poll(DateTimeOffset now)
    {
        if (IsDone)
        {
            return;
        }

        if (now >= inactivityDeadline && Acknowledged)
        {
            Abandon(CfdpConditionCode.InactivityDetected, $"nothing heard from entity {header.DestinationEntityId} for {entity.Options.InactivityTimeout}");
            return;
        }

        if (ackDeadline is DateTimeOffset deadline && now >= deadline)
        {
            if (eofTransmissions > entity.Options.AckLimit)
            {
                Abandon(CfdpConditionCode.PositiveAckLimitReached, $"EOF sent {eofTransmissions} times without an ACK");
                return;
            }

            SendEof(now);
        }

        if (metadataDue)
        {
            entity.Transmit(CfdpPduWriter.Metadata(header, fileSize, sourceFileName, destinationFileName, entity.PduBuffer));
            metadataDue = false;
        }

        int budget = entity.Options.FileDataPerPoll;
        while (budget > 0 && retransmissions.TryDequeue(out CfdpSegment segment))
        {
            ulong end = Math.Min(segment.End, segment.Start + (ulong)entity.Options.SegmentLength);
            SendFileData(segment.Start, end);
            budget--;
            if (end < segment.End)
            {
                var rest = new CfdpSegment(end, segment.End);
                retransmissions.Enqueue(rest);
            }
        }

        while (budget > 0 && nextOffset < fileSize)
        {
            ulong end = Math.Min(fileSize, nextOffset + (ulong)entity.Options.SegmentLength);
            SendFileData(nextOffset, end);
            nextOffset = end;
            budget--;
        }

        if (!eofSent && nextOffset == fileSize)
        {
            eofSent = true;
            SendEof(now);
            if (!Acknowledged)
            {
                IsDone = true;
                entity.Indicate(CfdpIndicationKind.TransactionFinished, Id, CfdpConditionCode.NoError, $"CFDP transaction {Id}: {sourceFileName} sent ({fileSize} octets, class 1)");
            }
        }
    }

    public void ShiftTimers(TimeSpan outage)
    {
        inactivityDeadline += outage;
        ackDeadline += outage;
    }

    public void Dispose() => file.Dispose();

    private const int TransactionStatusTerminated = 0b10;

    private void SendEof(DateTimeOffset now)
    {
        eofTransmissions++;
        entity.Transmit(CfdpPduWriter.Eof(header, CfdpConditionCode.NoError, checksum, fileSize, entity.PduBuffer));
        if (Acknowledged && !eofAcknowledged)
        {
            ackDeadline = now + entity.Options.AckTimeout;
        }
    }

    private void SendFileData(ulong start, ulong end)
    {
        CfdpPduHeader data = header with { IsFileData = true };
        byte[] chunk = ArrayPool<byte>.Shared.Rent((int)(end - start));
        try
        {
            int read = RandomAccess.Read(file, chunk.AsSpan(0, (int)(end - start)), (long)start);
            entity.Transmit(CfdpPduWriter.FileData(data, start, chunk.AsSpan(0, read), entity.PduBuffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void Abandon(CfdpConditionCode condition, string reason)
    {
        IsDone = true;
        entity.Indicate(CfdpIndicationKind.Fault, Id, condition, $"CFDP transaction {Id} abandoned ({condition}): {reason}");
    }

    internal static uint ComputeChecksum(SafeFileHandle file, ulong length)
    {
        var sum = default(CfdpChecksum);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            for (ulong at = 0; at < length;)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min((ulong)buffer.Length, length - at)), (long)at);
                if (read == 0)
                {
                    break;
                }

                sum.Add(at, buffer.AsSpan(0, read));
                at += (ulong)read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return sum.Value;
    }
}
