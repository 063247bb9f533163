namespace Payload.Telemetry.Sync;

/// <summary>
/// Receives one byte-aligned codeblock (the bytes after the marker). The span is the synchroniser's own
/// buffer, valid only during the call; the handler may decode it in place.
/// </summary>
public delegate void CaduHandler(Span<byte> codeblock, CaduSyncInfo info);
