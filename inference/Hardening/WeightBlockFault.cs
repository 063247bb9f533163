namespace Payload.Inference.Hardening;

/// <summary>
/// A weight block whose live bytes did not match their stored CRC-32C. Results with sequence
/// numbers <see cref="FirstSuspectResult"/>..<see cref="LastSuspectResult"/> (see
/// <see cref="WeightScrubber.RecordResult"/>) were computed after the block's last clean check and
/// may have used the bad bytes: re-run or flag them. The range is empty when first &gt; last.
/// </summary>
public sealed record WeightBlockFault(
    string Buffer,
    int Block,
    int ByteOffset,
    int ByteLength,
    bool Repaired,
    long FirstSuspectResult,
    long LastSuspectResult);
