using System.Diagnostics.CodeAnalysis;

namespace Payload.Telemetry.Cfdp;

/// <summary>
/// A CFDP entity (CCSDS 727.0-B-5) that sends and receives files in class 1 and class 2. Transport-agnostic: PDUs come
/// in through <see cref="Receive"/> and go out through an <see cref="ICfdpPduSink"/>; timers and pacing advance in
/// <see cref="Poll"/>. While the link is marked unavailable every timer is frozen and nothing is sent, so transactions
/// pick up where they were when it returns. Not thread-safe: drive it from one thread.
/// </summary>
public sealed class CfdpEntity : IDisposable
{
    private readonly Dictionary<CfdpTransactionId, CfdpSendTransaction> senders = [];
    private readonly Dictionary<CfdpTransactionId, CfdpReceiveTransaction> receivers = [];
    private readonly Dictionary<CfdpTransactionId, CfdpReceiveTransaction> finishedReceivers = [];
    private readonly HashSet<CfdpTransactionId> finishedSenders = [];
    private readonly Queue<CfdpIndication> indications = new();
    private readonly List<CfdpSendTransaction> sendersToPoll = [];
    private readonly List<CfdpReceiveTransaction> receiversToPoll = [];
    private readonly ICfdpPduSink sink;
    private ulong nextSequenceNumber;
    private DateTimeOffset? frozenAt;

    public CfdpEntity(CfdpEntityOptions options, ICfdpPduSink sink, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        this.sink = sink ?? throw new ArgumentNullException(nameof(sink));
        Time = time ?? throw new ArgumentNullException(nameof(time));
        Directory.CreateDirectory(options.StagingDirectory);
        PduBuffer = new byte[options.SegmentLength + 1024];
        nextSequenceNumber = options.FirstSequenceNumber;
    }

    public CfdpEntityOptions Options { get; }

    public int ActiveTransactionCount => senders.Count + receivers.Count;

    /// <summary>The sequence number the next <see cref="Put"/> will use.</summary>
    public ulong NextSequenceNumber => nextSequenceNumber;

    /// <summary>False during a known link outage: timers freeze and nothing is sent until it is set back to true.</summary>
    public bool IsLinkAvailable
    {
        get => frozenAt is null;
        set
        {
            DateTimeOffset now = Time.GetUtcNow();
            if (!value && frozenAt is null)
            {
                frozenAt = now;
                Indicate(CfdpIndicationKind.Suspended, default, CfdpConditionCode.NoError, $"CFDP link unavailable: {ActiveTransactionCount} transactions suspended");
            }
            else if (value && frozenAt is DateTimeOffset since)
            {
                frozenAt = null;
                TimeSpan outage = now - since;
                foreach (CfdpSendTransaction sender in senders.Values)
                {
                    sender.ShiftTimers(outage);
                }

                foreach (CfdpReceiveTransaction receiver in receivers.Values)
                {
                    receiver.ShiftTimers(outage);
                }

                Indicate(CfdpIndicationKind.Resumed, default, CfdpConditionCode.NoError, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"CFDP link back after {outage.TotalSeconds:F1} s: {ActiveTransactionCount} transactions resumed"));
            }
        }
    }

    internal TimeProvider Time { get; }

    internal byte[] PduBuffer { get; }

    /// <summary>Starts sending <paramref name="sourcePath"/> to entity <paramref name="destinationEntityId"/>, stored there as <paramref name="destinationFileName"/>.</summary>
    public CfdpTransactionId Put(ulong destinationEntityId, string sourcePath, string destinationFileName, CfdpTransmissionMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(destinationFileName);
        if (System.Text.Encoding.UTF8.GetByteCount(destinationFileName) > byte.MaxValue)
        {
            throw new ArgumentException($"destination file name is longer than {byte.MaxValue} octets", nameof(destinationFileName));
        }

        var id = new CfdpTransactionId(Options.EntityId, nextSequenceNumber++);
        senders.Add(id, new CfdpSendTransaction(this, id, destinationEntityId, sourcePath, destinationFileName, mode));
        return id;
    }

    /// <summary>Processes one incoming PDU. Malformed or misaddressed PDUs are reported as indications and ignored.</summary>
    public void Receive(ReadOnlySpan<byte> pdu)
    {
        if (!CfdpPduReader.TryRead(pdu, out CfdpPdu decoded, out CfdpPduError error))
        {
            Indicate(CfdpIndicationKind.MalformedPdu, default, CfdpConditionCode.NoError, error.Message);
            return;
        }

        CfdpPduHeader header = decoded.Header;
        CfdpTransactionId id = header.Transaction;
        if (header.TowardSender)
        {
            if (header.SourceEntityId != Options.EntityId)
            {
                Indicate(CfdpIndicationKind.MalformedPdu, id, CfdpConditionCode.NoError, $"CFDP PDU for sender entity {header.SourceEntityId}, this entity is {Options.EntityId}");
            }
            else if (senders.TryGetValue(id, out CfdpSendTransaction? sender))
            {
                sender.Handle(decoded);
                RetireIfDone(sender);
            }
            else if (finishedSenders.Contains(id) && decoded.Kind == CfdpPduKind.Finished)
            {
                // Our ACK of Finished was lost; the receiver is retrying.
                CfdpSendTransaction.AcknowledgeFinished(this, header, decoded.Condition);
            }

            return;
        }

        if (header.DestinationEntityId != Options.EntityId)
        {
            Indicate(CfdpIndicationKind.MalformedPdu, id, CfdpConditionCode.NoError, $"CFDP PDU for destination entity {header.DestinationEntityId}, this entity is {Options.EntityId}");
            return;
        }

        if (finishedReceivers.TryGetValue(id, out CfdpReceiveTransaction? done))
        {
            done.HandleAfterCompletion(decoded);
            return;
        }

        if (!receivers.TryGetValue(id, out CfdpReceiveTransaction? receiver))
        {
            if (decoded.Kind is not (CfdpPduKind.Metadata or CfdpPduKind.FileData or CfdpPduKind.Eof))
            {
                return;
            }

            receiver = new CfdpReceiveTransaction(this, header);
            receivers.Add(id, receiver);
        }

        receiver.Handle(decoded);
        Retire(receiver);
    }

    /// <summary>Advances timers and sends pending PDUs; call periodically (each call sends a bounded amount).</summary>
    public void Poll()
    {
        if (frozenAt is not null)
        {
            return;
        }

        DateTimeOffset now = Time.GetUtcNow();
        // Transactions may retire while being polled, so walk a snapshot.
        sendersToPoll.Clear();
        sendersToPoll.AddRange(senders.Values);
        foreach (CfdpSendTransaction sender in sendersToPoll)
        {
            sender.Poll(now);
            RetireIfDone(sender);
        }

        receiversToPoll.Clear();
        receiversToPoll.AddRange(receivers.Values);
        foreach (CfdpReceiveTransaction receiver in receiversToPoll)
        {
            receiver.Poll(now);
            Retire(receiver);
        }
    }

    public bool TryGetIndication([NotNullWhen(true)] out CfdpIndication? indication) => indications.TryDequeue(out indication);

    public void Dispose()
    {
        foreach (CfdpSendTransaction sender in senders.Values)
        {
            sender.Dispose();
        }

        foreach (CfdpReceiveTransaction receiver in receivers.Values)
        {
            receiver.Dispose();
        }

        senders.Clear();
        receivers.Clear();
    }

    internal void Transmit(int length)
    {
        if (frozenAt is null)
        {
            sink.Send(PduBuffer.AsSpan(0, length));
        }
    }

    internal void Indicate(CfdpIndicationKind kind, CfdpTransactionId id, CfdpConditionCode condition, string message, string? path = null) =>
        indications.Enqueue(new CfdpIndication(kind, id, condition, message, path));

    private void RetireIfDone(CfdpSendTransaction sender)
    {
        if (sender.IsDone)
        {
            senders.Remove(sender.Id);
            finishedSenders.Add(sender.Id);
            sender.Dispose();
        }
    }

    private void Retire(CfdpReceiveTransaction receiver)
    {
        if (receiver.IsDone)
        {
            receivers.Remove(receiver.Id);
            finishedReceivers[receiver.Id] = receiver;
            receiver.Dispose();
        }
    }
}
