namespace Payload.Telemetry.Cfdp;

/// <summary>File directive codes (CCSDS 727.0-B-5 §5.2, Table 5-4).</summary>
internal enum CfdpDirectiveCode : byte
{
    Eof = 0x04,
    Finished = 0x05,
    Ack = 0x06,
    Metadata = 0x07,
    Nak = 0x08,
    Prompt = 0x09,
    KeepAlive = 0x0C,
}
