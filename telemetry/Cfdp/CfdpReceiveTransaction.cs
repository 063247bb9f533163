using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Payload.Telemetry.Cfdp;

/// <summary>
/// Receiving side of one transaction (CCSDS 727.0-B-5 §4.6 class 1, §4.7 class 2, deferred NAK mode): writes data into
/// a hidden part file at its offsets and moves it into the staging directory only when size and checksum verify.
/// </summary>
internal sealed class CfdpReceiveTransaction : IDisposable
{
    // §5.2.3 Table 5-7: file status codes in Finished.
    private const int FileDiscardedDeliberately = 0b00;
    private const int FileDiscardedByFilestore = 0b01;
    private const int FileRetained = 0b10;

    // §5.2.4: ACK transaction status "active".
    private const int TransactionStatusActive = 0b01;

    private readonly CfdpEntity entity;
    private readonly CfdpPduHeader reply;
    private readonly CfdpSegmentSet received = new();
    private readonly string partPath;
    private SafeFileHandle? file;
    private string? destinationFileName;
    private bool metadataReceived;
    private ulong? fileSize;
    private bool eofReceived;
    private uint eofChecksum;
    private bool waitingForFinishedAck;
    private CfdpConditionCode finishedCondition;
    private bool finishedIncomplete;
    private int finishedFileStatus;
    private int nakCount;
    private int finishedTransmissions;
    private DateTimeOffset? nakDeadline;
    private DateTimeOffset? ackDeadline;
    private DateTimeOffset inactivityDeadline;

    public CfdpReceiveTransaction(CfdpEntity entity, in CfdpPduHeader first)
    {
        this.entity = entity;
        Id = first.Transaction;
        reply = first with { TowardSender = true, IsFileData = false };
        partPath = Path.Combine(entity.Options.StagingDirectory, string.Create(CultureInfo.InvariantCulture, $".cfdp-{Id.SourceEntityId}-{Id.SequenceNumber}.part"));
        inactivityDeadline = entity.Time.GetUtcNow() + entity.Options.InactivityTimeout;
    }

    public CfdpTransactionId Id { get; }

    public bool IsDone { get; private set; }

    private bool Acknowledged => reply.Mode == CfdpTransmissionMode.Acknowledged;

    public void Handle(in CfdpPdu pdu)
    {
        DateTimeOffset now = entity.Time.GetUtcNow();
        inactivityDeadline = now + entity.Options.InactivityTimeout;
        if (waitingForFinishedAck)
        {
            HandleAfterCompletion(pdu);
            return;
        }

        switch (pdu.Kind)
        {
            case CfdpPduKind.Metadata when !metadataReceived:
                metadataReceived = true;
                destinationFileName = pdu.DestinationFileName;
                fileSize ??= pdu.Offset;
                entity.Indicate(CfdpIndicationKind.MetadataReceived, Id, CfdpConditionCode.NoError,
                    string.Create(CultureInfo.InvariantCulture, $"CFDP transaction {Id}: metadata for {destinationFileName}, {pdu.Offset} octets, {(Acknowledged ? "class 2" : "class 1")}"));
                if (pdu.ChecksumType != 0)
                {
                    Complete(CfdpConditionCode.UnsupportedChecksumType, true, FileDiscardedDeliberately, $"checksum type {pdu.ChecksumType} requested, only the modular checksum (0) is supported");
                    return;
                }

                if (!IsPlainFileName(destinationFileName))
                {
                    Complete(CfdpConditionCode.FilestoreRejection, true, FileDiscardedByFilestore, $"destination file name '{destinationFileName}' is not a plain file name");
                    return;
                }

                break;
            case CfdpPduKind.FileData:
                if (fileSize is ulong announced && pdu.Offset + (ulong)pdu.FileData.Length > announced)
                {
                    Complete(CfdpConditionCode.FileSizeError, true, FileDiscardedDeliberately, $"file data reaches offset {pdu.Offset + (ulong)pdu.FileData.Length}, the file has {announced} octets");
                    return;
                }

                if (!Write(pdu.Offset, pdu.FileData))
                {
                    return;
                }

                if (eofReceived)
                {
                    nakCount = 0; // a NAK was answered: count only rounds that brought nothing
                }

                break;
            case CfdpPduKind.Eof:
                if (Acknowledged)
                {
                    entity.Transmit(CfdpPduWriter.Ack(reply, CfdpDirectiveCode.Eof, pdu.Condition, TransactionStatusActive, entity.PduBuffer));
                }

                if (pdu.Condition != CfdpConditionCode.NoError)
                {
                    Complete(pdu.Condition, true, FileDiscardedDeliberately, $"sender ended the transaction with {pdu.Condition}");
                    return;
                }

                if (!eofReceived)
                {
                    entity.Indicate(CfdpIndicationKind.EofReceived, Id, CfdpConditionCode.NoError,
                        string.Create(CultureInfo.InvariantCulture, $"CFDP transaction {Id}: EOF at {pdu.Offset} octets, checksum 0x{pdu.Checksum:X8}, {received.Gaps(pdu.Offset, int.MaxValue).Count} gaps"));
                }

                eofReceived = true;
                eofChecksum = pdu.Checksum;
                fileSize = pdu.Offset;
                break;
            default:
                return;
        }

        CheckCompletion(now);
    }

    /// <summary>Duplicates after the transaction ended: re-acknowledge EOF and repeat Finished so the sender can close.</summary>
    public void HandleAfterCompletion(in CfdpPdu pdu)
    {
        if (pdu.Kind == CfdpPduKind.Ack && pdu.AckedDirective == CfdpDirectiveCode.Finished)
        {
            waitingForFinishedAck = false;
            ackDeadline = null;
            IsDone = true;
            return;
        }

        if (pdu.Kind == CfdpPduKind.Eof && Acknowledged)
        {
            entity.Transmit(CfdpPduWriter.Ack(reply, CfdpDirectiveCode.Eof, pdu.Condition, TransactionStatusActive, entity.PduBuffer));
            SendFinished();
        }
    }

    public void Poll(DateTimeOffset now)
    {
        if (IsDone)
        {
            return;
        }

        if (waitingForFinishedAck)
        {
            if (ackDeadline is DateTimeOffset deadline && now >= deadline)
            {
                if (finishedTransmissions > entity.Options.AckLimit)
                {
                    IsDone = true;
                    entity.Indicate(CfdpIndicationKind.Fault, Id, CfdpConditionCode.PositiveAckLimitReached, $"CFDP transaction {Id}: Finished sent {finishedTransmissions} times without an ACK");
                    return;
                }

                SendFinished();
            }

            return;
        }

        if (now >= inactivityDeadline)
        {
            Complete(CfdpConditionCode.InactivityDetected, true, FileDiscardedDeliberately, $"nothing heard from entity {Id.SourceEntityId} for {entity.Options.InactivityTimeout}");
            return;
        }

        if (nakDeadline is DateTimeOffset nakDue && now >= nakDue)
        {
            if (nakCount >= entity.Options.NakLimit)
            {
                Complete(CfdpConditionCode.NakLimitReached, true, FileDiscardedDeliberately, $"data still missing after {nakCount} NAKs");
                return;
            }

            SendNak(now);
        }
    }

    public void ShiftTimers(TimeSpan outage)
    {
        inactivityDeadline += outage;
        nakDeadline += outage;
        ackDeadline += outage;
    }

    public void Dispose() => CloseFile();

    private bool Write(ulong offset, ReadOnlySpan<byte> data)
    {
        try
        {
            file ??= File.OpenHandle(partPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            RandomAccess.Write(file, data, (long)offset);
            received.Add(offset, offset + (ulong)data.Length);
            return true;
        }
        catch (IOException e)
        {
            Complete(CfdpConditionCode.FilestoreRejection, true, FileDiscardedByFilestore, $"cannot write {partPath}: {e.Message}");
            return false;
        }
    }

    private void CheckCompletion(DateTimeOffset now)
    {
        if (!eofReceived || fileSize is not ulong size)
        {
            return;
        }

        if (received.Extent > size)
        {
            Complete(CfdpConditionCode.FileSizeError, true, FileDiscardedDeliberately, $"data reaches offset {received.Extent}, EOF gives file size {size}");
            return;
        }

        if (metadataReceived && received.Covers(size))
        {
            Verify(size);
        }
        else if (!Acknowledged)
        {
            Complete(CfdpConditionCode.FileSizeError, true, FileDiscardedDeliberately, metadataReceived
                ? $"class 1 transfer incomplete: {size} octets announced, gaps remain"
                : "class 1 transfer without Metadata: no file name");
        }
        else if (nakDeadline is null)
        {
            SendNak(now);
        }
    }

    private void Verify(ulong size)
    {
        uint computed = 0;
        try
        {
            file ??= File.OpenHandle(partPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            computed = CfdpSendTransaction.ComputeChecksum(file, size);
            if (computed == eofChecksum)
            {
                RandomAccess.SetLength(file, (long)size);
                CloseFile();
                string target = Path.Combine(entity.Options.StagingDirectory, destinationFileName!);
                File.Move(partPath, target, overwrite: false);
                Complete(CfdpConditionCode.NoError, false, FileRetained, $"{target} received ({size} octets)", target);
                return;
            }
        }
        catch (IOException e)
        {
            Complete(CfdpConditionCode.FilestoreRejection, true, FileDiscardedByFilestore, $"cannot stage {destinationFileName}: {e.Message}");
            return;
        }

        Complete(CfdpConditionCode.FileChecksumFailure, true, FileDiscardedDeliberately, $"checksum 0x{computed:X8} computed, EOF carries 0x{eofChecksum:X8}");
    }

    private void Complete(CfdpConditionCode condition, bool incomplete, int fileStatus, string message, string? path = null)
    {
        CloseFile();
        if (path is null)
        {
            File.Delete(partPath);
        }

        entity.Indicate(
            condition == CfdpConditionCode.NoError ? CfdpIndicationKind.FileReceived : CfdpIndicationKind.Fault,
            Id,
            condition,
            $"CFDP transaction {Id}: {message}",
            path);
        nakDeadline = null;
        if (!Acknowledged)
        {
            IsDone = true;
            return;
        }

        finishedCondition = condition;
        finishedIncomplete = incomplete;
        finishedFileStatus = fileStatus;
        waitingForFinishedAck = true;
        SendFinished();
    }

    private void SendFinished()
    {
        finishedTransmissions++;
        entity.Transmit(CfdpPduWriter.Finished(reply, finishedCondition, finishedIncomplete, finishedFileStatus, entity.PduBuffer));
        ackDeadline = entity.Time.GetUtcNow() + entity.Options.AckTimeout;
    }

    private void SendNak(DateTimeOffset now)
    {
        ulong size = fileSize ?? 0;
        int perPdu = Math.Max(1, (entity.PduBuffer.Length - CfdpPduWriter.NakLength(reply, 0)) / (2 * reply.OffsetLength));
        var segments = received.Gaps(size, metadataReceived ? perPdu : perPdu - 1);
        if (!metadataReceived)
        {
            segments.Insert(0, new CfdpSegment(0, 0));
        }

        nakCount++;
        entity.Indicate(CfdpIndicationKind.NakSent, Id, CfdpConditionCode.NoError,
            string.Create(CultureInfo.InvariantCulture, $"CFDP transaction {Id}: NAK {nakCount} for {segments.Count} missing segments{(metadataReceived ? "" : " and the metadata")}"));
        entity.Transmit(CfdpPduWriter.Nak(reply, new CfdpSegment(0, size), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(segments), entity.PduBuffer));
        nakDeadline = now + entity.Options.NakTimeout;
    }

    private void CloseFile()
    {
        file?.Dispose();
        file = null;
    }

    private static bool IsPlainFileName(string? name) =>
        !string.IsNullOrEmpty(name) && name != "." && name != ".." && name == Path.GetFileName(name)
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 && !name.StartsWith(".cfdp-", StringComparison.Ordinal);
}
