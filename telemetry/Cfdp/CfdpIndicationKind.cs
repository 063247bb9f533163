namespace Payload.Telemetry.Cfdp;

/// <summary>What a <see cref="CfdpIndication"/> reports (after CCSDS 727.0-B-5 §3.5 service indications).</summary>
public enum CfdpIndicationKind
{
    /// <summary>Receiver: a file verified against its checksum and was moved into the staging directory.</summary>
    FileReceived,

    /// <summary>Sender: the transaction ended (class 1: EOF sent; class 2: Finished received and acknowledged).</summary>
    TransactionFinished,

    /// <summary>A transaction was abandoned; <see cref="CfdpIndication.Condition"/> says why. Nothing was staged.</summary>
    Fault,

    /// <summary>A PDU could not be decoded or was not addressed to this entity; it was ignored.</summary>
    MalformedPdu,

    /// <summary>Receiver: the Metadata PDU of a transaction arrived (file name, size, class) — Metadata-Recv.indication.</summary>
    MetadataReceived,

    /// <summary>Receiver: the EOF PDU arrived (size and checksum) — EOF-Recv.indication.</summary>
    EofReceived,

    /// <summary>Receiver (class 2): a NAK asked the sender for missing data.</summary>
    NakSent,

    /// <summary>The link was marked unavailable: timers frozen, nothing sent — Suspended.indication.</summary>
    Suspended,

    /// <summary>The link is back: timers run again — Resumed.indication.</summary>
    Resumed,
}
