namespace Payload.Telemetry.Sync;

/// <summary>Counters of a <see cref="FrameSynchronizer"/> since it was created.</summary>
/// <param name="CodeblocksDelivered">Codeblocks handed to the handler, flywheel ones included.</param>
/// <param name="FlywheelCodeblocks">Codeblocks delivered in lock although their marker was not recognised.</param>
/// <param name="LocksAcquired">Transitions from check to lock.</param>
/// <param name="LocksLost">Transitions from lock back to search after more consecutive missed markers than the flywheel allows.</param>
/// <param name="FalseMarkers">Candidate markers rejected because the following marker was not where expected.</param>
/// <param name="TruncatedCodeblocks">Markers found at the end of the stream without a complete codeblock after them.</param>
public readonly record struct FrameSynchronizerStatistics(
    long CodeblocksDelivered,
    long FlywheelCodeblocks,
    long LocksAcquired,
    long LocksLost,
    long FalseMarkers,
    long TruncatedCodeblocks);
