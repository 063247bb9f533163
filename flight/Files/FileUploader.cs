using System.Collections.Concurrent;
using Payload.Flight.Commanding;
using Payload.Telemetry.Cfdp;

namespace Payload.Flight.Files;

/// <summary>
/// Ground side of file delivery: a CFDP entity whose PDUs go up as signed TC frames on the file VC (through the same
/// <see cref="CommandCltuEncoder"/> as commands, so both share one security sequence) and which hears the payload's
/// PDUs from the CFDP APID (<see cref="Telemetry.GroundTelemetryDecoder.FilePdu"/>). Can drop a seeded fraction of
/// PDUs in each direction to exercise class 2 recovery.
/// </summary>
public sealed class FileUploader : IDisposable
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    private readonly CfdpEntity entity;
    private readonly FileUploadOptions options;
    private readonly ConcurrentQueue<byte[]> fromPayload = new();
    private readonly Random upDrops;
    private readonly Random downDrops;
    private readonly string workDirectory;

    /// <param name="sendCltu">Puts one CLTU on the uplink.</param>
    public FileUploader(FileUploadOptions options, CommandCltuEncoder encoder, Action<byte[]> sendCltu, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(sendCltu);
        if (options.DropRate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DropRate, "drop rate must be in [0, 1)");
        }
        this.options = options;
        // One pattern per direction, so each is the same on every run whatever the interleaving.
        upDrops = new Random(options.DropSeed);
        downDrops = new Random(options.DropSeed + 1);
        workDirectory = Directory.CreateTempSubdirectory("cfdp-ground-").FullName;
        entity = new CfdpEntity(
            new CfdpEntityOptions
            {
                EntityId = options.GroundEntityId,
                StagingDirectory = workDirectory,
                FirstSequenceNumber = options.FirstSequenceNumber,
                SegmentLength = options.SegmentLength,
                AckTimeout = options.AckTimeout,
                NakTimeout = options.NakTimeout,
                InactivityTimeout = options.InactivityTimeout,
            },
            new UplinkPdus(this, encoder, sendCltu),
            time ?? TimeProvider.System);
    }

    /// <summary>Every indication of the ground entity (sent, finished, faults), on the uploading thread.</summary>
    public event Action<CfdpIndication>? Indication;

    public long PdusSent { get; private set; }

    public long PdusReceived { get; private set; }

    public long PdusDropped { get; private set; }

    /// <summary>Queues a PDU from the payload; safe to call from the downlink's thread.</summary>
    public void ReceiveFromPayload(byte[] pdu) => fromPayload.Enqueue(pdu);

    /// <summary>Starts a class 2 upload of <paramref name="path"/>, stored on board as <paramref name="destinationName"/>.</summary>
    public CfdpTransactionId Start(string path, string destinationName) =>
        entity.Put(options.PayloadEntityId, path, destinationName, CfdpTransmissionMode.Acknowledged);

    /// <summary>The transaction number the next <see cref="Start"/> will use.</summary>
    public ulong NextSequenceNumber => entity.NextSequenceNumber;

    /// <summary>
    /// Runs the entity until transaction <paramref name="id"/> ends: its TransactionFinished (the payload's Finished
    /// was received and acknowledged) or its Fault indication. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<CfdpIndication> RunUntilDoneAsync(CfdpTransactionId id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var timer = new PeriodicTimer(PollPeriod);
        try
        {
            do
            {
                while (fromPayload.TryDequeue(out byte[]? pdu))
                {
                    if (Drop(downDrops))
                    {
                        continue;
                    }
                    PdusReceived++;
                    entity.Receive(pdu);
                }
                entity.Poll();
                while (entity.TryGetIndication(out CfdpIndication? indication))
                {
                    Indication?.Invoke(indication);
                    if (indication.Transaction == id && indication.Kind is CfdpIndicationKind.TransactionFinished or CfdpIndicationKind.Fault)
                    {
                        return indication;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(limit.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the time limit, reported below
        }
        throw new TimeoutException($"CFDP transaction {id} not finished within {timeout.TotalSeconds} s ({PdusSent} PDUs sent, {PdusReceived} received, {PdusDropped} dropped)");
    }

    public void Dispose()
    {
        entity.Dispose();
        Directory.Delete(workDirectory, recursive: true);
    }

    private bool Drop(Random pattern)
    {
        if (options.DropRate > 0 && pattern.NextDouble() < options.DropRate)
        {
            PdusDropped++;
            return true;
        }
        return false;
    }

    /// <summary>The ground entity's PDUs, each signed into a TC frame on the file VC and put on the uplink as a CLTU.</summary>
    private sealed class UplinkPdus(FileUploader owner, CommandCltuEncoder encoder, Action<byte[]> sendCltu) : ICfdpPduSink
    {
        public void Send(ReadOnlySpan<byte> pdu)
        {
            if (owner.Drop(owner.upDrops))
            {
                return;
            }
            owner.PdusSent++;
            sendCltu(encoder.EncodeFilePdu(pdu));
        }
    }
}
