namespace Payload.Telemetry.Sync;

/// <summary>How a delivered codeblock was found.</summary>
/// <param name="StreamBitOffset">Bit offset of its marker from the start of the stream.</param>
/// <param name="MarkerBitErrors">Bits of the marker that differed from the ASM (after polarity correction).</param>
/// <param name="Inverted">True when the stream arrived with inverted polarity; the codeblock has been inverted back.</param>
/// <param name="Flywheel">True when the marker was not recognised and the codeblock was taken at the expected position.</param>
public readonly record struct CaduSyncInfo(long StreamBitOffset, int MarkerBitErrors, bool Inverted, bool Flywheel);
