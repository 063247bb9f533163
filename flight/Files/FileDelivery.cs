using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Cfdp;

namespace Payload.Flight.Files;

/// <summary>
/// The payload's CFDP entity (CCSDS 727.0-B-5): PDUs from the ground arrive from the uplink's file VC, PDUs to the
/// ground (ACK, NAK, Finished) go down on the CFDP APID, and each step of a transaction becomes an event. Received
/// files are staged in the configured folder and remembered by their transaction's sequence number for MODEL_INSTALL.
/// </summary>
internal sealed class FileDelivery : IDisposable
{
    private readonly CfdpEntity entity;
    private readonly EventReporter events;
    private readonly Dictionary<ulong, string> staged = [];

    public FileDelivery(FileDeliveryConfiguration configuration, IPacketSink sink, EventReporter events, TimeProvider time)
    {
        this.events = events;
        var options = new CfdpEntityOptions
        {
            EntityId = configuration.EntityId,
            StagingDirectory = configuration.Staging,
            AckTimeout = TimeSpan.FromSeconds(configuration.AckTimeoutSeconds),
            NakTimeout = TimeSpan.FromSeconds(configuration.NakTimeoutSeconds),
            InactivityTimeout = TimeSpan.FromSeconds(configuration.InactivityTimeoutSeconds),
        };
        entity = new CfdpEntity(options, new DownlinkPdus(sink), time);
        StagingDirectory = configuration.Staging;
    }

    public string StagingDirectory { get; }

    public long PdusReceived { get; private set; }

    public int ActiveTransactions => entity.ActiveTransactionCount;

    /// <summary>False while the ground cannot be heard or reached: CFDP timers freeze so transactions resume afterwards.</summary>
    public bool IsLinkAvailable
    {
        get => entity.IsLinkAvailable;
        set
        {
            if (value != entity.IsLinkAvailable)
            {
                entity.IsLinkAvailable = value;
                Report();
            }
        }
    }

    /// <summary>Takes one PDU from the ground (the data field of an accepted TC frame on the file VC).</summary>
    public void Receive(ReadOnlySpan<byte> pdu)
    {
        PdusReceived++;
        entity.Receive(pdu);
        Report();
    }

    /// <summary>Runs the CFDP timers (NAK, ACK, inactivity) and reports what happened.</summary>
    public void Poll()
    {
        entity.Poll();
        Report();
    }

    /// <summary>The file staged by transaction <paramref name="sequenceNumber"/>, or null (with what is staged) when there is none.</summary>
    public string? StagedFile(ulong sequenceNumber, out string known)
    {
        known = staged.Count == 0 ? "nothing is staged" : "staged: " + string.Join(", ", staged.Select(s => $"{s.Key} {Path.GetFileName(s.Value)}"));
        return staged.TryGetValue(sequenceNumber, out string? path) && File.Exists(path) ? path : null;
    }

    /// <summary>Deletes a staged file once it has been installed or rejected: the slots keep their own copy.</summary>
    public void Discard(ulong sequenceNumber)
    {
        if (staged.Remove(sequenceNumber, out string? path))
        {
            File.Delete(path);
        }
    }

    public void Dispose() => entity.Dispose();

    private void Report()
    {
        while (entity.TryGetIndication(out CfdpIndication? indication))
        {
            if (indication.Kind == CfdpIndicationKind.FileReceived && indication.FilePath is string path)
            {
                staged[indication.Transaction.SequenceNumber] = path;
            }
            events.Emit(EventFor(indication.Kind), indication.Message);
        }
    }

    private static EventDefinition EventFor(CfdpIndicationKind kind) => kind switch
    {
        CfdpIndicationKind.MetadataReceived => FlightDictionary.FileMetadata,
        CfdpIndicationKind.EofReceived => FlightDictionary.FileEof,
        CfdpIndicationKind.NakSent => FlightDictionary.FileNak,
        CfdpIndicationKind.FileReceived => FlightDictionary.FileReceived,
        CfdpIndicationKind.MalformedPdu => FlightDictionary.FilePduRejected,
        CfdpIndicationKind.Suspended => FlightDictionary.FileSuspended,
        CfdpIndicationKind.Resumed => FlightDictionary.FileResumed,
        _ => FlightDictionary.FileFault,
    };

    /// <summary>The entity's outgoing PDUs as packets on the CFDP APID.</summary>
    private sealed class DownlinkPdus(IPacketSink sink) : ICfdpPduSink
    {
        public void Send(ReadOnlySpan<byte> pdu) => sink.Send(FlightDictionary.CfdpApid, pdu);
    }
}
