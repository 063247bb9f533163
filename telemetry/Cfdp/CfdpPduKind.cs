namespace Payload.Telemetry.Cfdp;

/// <summary>The PDUs this implementation reads.</summary>
internal enum CfdpPduKind
{
    FileData,
    Metadata,
    Eof,
    Finished,
    Ack,
    Nak,
    Prompt,
    KeepAlive,
}
