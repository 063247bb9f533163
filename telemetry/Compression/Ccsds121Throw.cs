using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Payload.Telemetry.Compression;

/// <summary>Builds and throws <see cref="Ccsds121Exception"/> outside the coding loops, so those stay small.</summary>
internal static class Ccsds121Throw
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Truncated(long bitOffset, long blockIndex, int bitsNeeded) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.TruncatedStream,
            $"Compressed stream cut short: block {blockIndex} needs {bitsNeeded} more bit(s) at bit offset {bitOffset} (byte {bitOffset / 8}), but the stream ends there.",
            bitOffset,
            blockIndex);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidOptionId(long bitOffset, long blockIndex, uint optionId, int bitsPerSample, int maxK) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.InvalidOptionId,
            $"Invalid option ID {optionId} at bit offset {bitOffset} (byte {bitOffset / 8}), block {blockIndex}: it selects split-sample k = {optionId - 1}, but {bitsPerSample}-bit samples allow k = 0..{maxK}.",
            bitOffset,
            blockIndex);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ZeroRunPastInterval(long bitOffset, long blockIndex, long runBlocks, long blocksLeft) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.ZeroRunPastInterval,
            $"Zero-block run of {runBlocks} block(s) at bit offset {bitOffset} (byte {bitOffset / 8}), block {blockIndex}, reaches past the end of its reference sample interval: only {blocksLeft} block(s) are left in it.",
            bitOffset,
            blockIndex);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DestinationTooSmall(long bitOffset, long blockIndex, long bitsNeeded, int capacityBytes) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.DestinationTooSmall,
            $"Destination of {capacityBytes} byte(s) too small: block {blockIndex} needs {bitsNeeded} bit(s) from bit offset {bitOffset} (byte {bitOffset / 8}).",
            bitOffset,
            blockIndex);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void DecodedTooSmall(long blockIndex, int capacitySamples, long samplesNeeded) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.DestinationTooSmall,
            $"Destination of {capacitySamples} sample(s) too small: block {blockIndex} needs room for {samplesNeeded} sample(s).",
            0,
            blockIndex);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SampleOutOfRange(long sampleIndex, long blockIndex, uint value, int bitsPerSample, bool signed) =>
        throw new Ccsds121Exception(
            Ccsds121ErrorKind.SampleOutOfRange,
            signed
                ? $"Sample {sampleIndex} = {(int)value} does not fit {bitsPerSample}-bit signed samples (expected {-(1L << (bitsPerSample - 1))}..{(1L << (bitsPerSample - 1)) - 1})."
                : $"Sample {sampleIndex} = {value} does not fit {bitsPerSample}-bit unsigned samples (expected 0..{(1UL << bitsPerSample) - 1}).",
            0,
            blockIndex);
}
