namespace Payload.Telemetry.Compression;

/// <summary>What went wrong while coding a CCSDS 121.0-B stream.</summary>
public enum Ccsds121ErrorKind
{
    /// <summary>The compressed stream ended inside a coded data set.</summary>
    TruncatedStream,

    /// <summary>An option ID that the configured sample resolution cannot use.</summary>
    InvalidOptionId,

    /// <summary>A zero-block run that reaches past the end of its reference sample interval.</summary>
    ZeroRunPastInterval,

    /// <summary>The destination buffer cannot hold the output.</summary>
    DestinationTooSmall,

    /// <summary>An input sample does not fit the configured bits per sample.</summary>
    SampleOutOfRange,
}
