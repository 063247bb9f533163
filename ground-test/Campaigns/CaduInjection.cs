using Payload.Inference.FaultInjection;
using Payload.Telemetry.Coding;

namespace Payload.GroundTest.Campaigns;

/// <summary>
/// Upsets in CADU bytes on the link: a frame is encoded with <see cref="CaduCodec"/>, faults hit
/// bytes of its codeblock, and the receiver's decode decides: the frame back intact after
/// Reed-Solomon corrections is <see cref="InjectionOutcome.Corrected"/> (or
/// <see cref="InjectionOutcome.Masked"/> when nothing needed correcting), an uncorrectable codeword
/// is <see cref="InjectionOutcome.Detected"/>, a decode that claims success with a different frame
/// is <see cref="InjectionOutcome.Sdc"/>.
/// </summary>
internal static class CaduInjection
{
    /// <summary>Encodes <paramref name="frame"/>, applies each (codeblock byte offset, fault on that byte), decodes and classifies.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An offset lies outside the codeblock.</exception>
    public static InjectionOutcome Inject(CaduCodec codec, ReadOnlySpan<byte> frame, IReadOnlyList<(int Offset, Fault Fault)> faults) =>
        Inject(codec, frame, faults, out _);

    /// <summary>As <see cref="Inject(CaduCodec, ReadOnlySpan{byte}, IReadOnlyList{ValueTuple{int, Fault}})"/>, also giving the frame bytes the decoder left.</summary>
    public static InjectionOutcome Inject(CaduCodec codec, ReadOnlySpan<byte> frame, IReadOnlyList<(int Offset, Fault Fault)> faults, out byte[] decoded)
    {
        CaduFormat format = codec.Format;
        byte[] cadu = new byte[format.CaduLength];
        codec.Encode(frame, cadu);
        Span<byte> codeblock = cadu.AsSpan(AttachedSyncMarker.Length);
        foreach ((int offset, Fault fault) in faults)
        {
            if (offset < 0 || offset >= codeblock.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(faults), offset, $"Codeblock offset outside the {codeblock.Length}-byte codeblock.");
            }

            fault.Apply(codeblock.Slice(offset, 1));
        }

        Span<int> perCodeword = stackalloc int[format.InterleaveDepth];
        CodeblockDecodeResult result = codec.Decode(codeblock, perCodeword);
        decoded = codeblock[..format.FrameLength].ToArray();
        if (!result.IsCorrectable)
        {
            return InjectionOutcome.Detected;
        }

        if (!codeblock[..format.FrameLength].SequenceEqual(frame))
        {
            return InjectionOutcome.Sdc;
        }

        return result.CorrectedSymbols > 0 ? InjectionOutcome.Corrected : InjectionOutcome.Masked;
    }
}
