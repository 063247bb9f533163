using System.Text;

namespace Payload.Telemetry.Frames;

/// <summary>Counters of one ground receiving session, filled by the decoder chain as data goes through.</summary>
public sealed class LinkStatistics
{
    private readonly long[] _framesPerVirtualChannel = new long[TmFrameConfiguration.VirtualChannelCount];

    /// <summary>CADUs found by the frame synchroniser.</summary>
    public long Cadus { get; internal set; }

    /// <summary>Reed-Solomon symbols corrected, over all codewords.</summary>
    public long CorrectedSymbols { get; internal set; }

    /// <summary>Reed-Solomon codewords that could not be corrected (their frames were dropped).</summary>
    public long UncorrectableCodewords { get; internal set; }

    /// <summary>CADUs cut short at the end of the stream or by lost lock.</summary>
    public long TruncatedCadus { get; internal set; }

    /// <summary>Frames that passed every check.</summary>
    public long FramesAccepted { get; internal set; }

    /// <summary>Frames whose FECF did not match.</summary>
    public long FrameCrcFailures { get; internal set; }

    /// <summary>Frames with an impossible header field or wrong length.</summary>
    public long InvalidFrames { get; internal set; }

    /// <summary>Idle frames (only idle data).</summary>
    public long IdleFrames { get; internal set; }

    /// <summary>Jumps in the master-channel frame count.</summary>
    public long MasterChannelGaps { get; internal set; }

    /// <summary>Frames missing according to the master-channel frame count (modulo 256 per jump).</summary>
    public long MasterChannelFramesLost { get; internal set; }

    /// <summary>
    /// Times the master-channel frame count jumped back to 0: the sender restarted. Such a jump is not counted in
    /// <see cref="MasterChannelFramesLost"/> (nor the matching VC and packet jumps in their losses).
    /// </summary>
    public long SenderRestarts { get; internal set; }

    /// <summary>Jumps in per-VC frame counts.</summary>
    public long VirtualChannelGaps { get; internal set; }

    /// <summary>Frames missing according to per-VC frame counts (modulo 256 per jump).</summary>
    public long VirtualChannelFramesLost { get; internal set; }

    /// <summary>Whole packets delivered (idle packets excluded).</summary>
    public long Packets { get; internal set; }

    /// <summary>Idle packets seen and discarded.</summary>
    public long IdlePackets { get; internal set; }

    /// <summary>Partly received packets discarded (lost frame, inconsistent pointer or length, end of stream).</summary>
    public long PacketsDiscarded { get; internal set; }

    /// <summary>Packet headers that could not be read (bad version, length beyond the configured maximum).</summary>
    public long InvalidPackets { get; internal set; }

    /// <summary>Jumps in per-APID packet sequence counts.</summary>
    public long PacketSequenceGaps { get; internal set; }

    /// <summary>Times an APID's sequence count jumped back to 0 (its sender restarted); not counted as packets lost.</summary>
    public long PacketSequenceRestarts { get; internal set; }

    /// <summary>Packets missing according to the sequence counts.</summary>
    public long PacketsLost { get; internal set; }

    /// <summary>Accepted frames per virtual channel, indexed by VCID.</summary>
    public IReadOnlyList<long> FramesPerVirtualChannel => _framesPerVirtualChannel;

    internal void CountFrame(int virtualChannelId) => _framesPerVirtualChannel[virtualChannelId]++;

    /// <summary>A multi-line report, one counter per line.</summary>
    public override string ToString()
    {
        StringBuilder text = new();
        text.AppendLine($"CADUs                    {Cadus}");
        text.AppendLine($"truncated CADUs          {TruncatedCadus}");
        text.AppendLine($"corrected RS symbols     {CorrectedSymbols}");
        text.AppendLine($"uncorrectable codewords  {UncorrectableCodewords}");
        text.AppendLine($"frames accepted          {FramesAccepted}");
        for (int vc = 0; vc < _framesPerVirtualChannel.Length; vc++)
        {
            if (_framesPerVirtualChannel[vc] > 0)
            {
                text.AppendLine($"  VC {vc}                   {_framesPerVirtualChannel[vc]}");
            }
        }

        text.AppendLine($"idle frames              {IdleFrames}");
        text.AppendLine($"FECF failures            {FrameCrcFailures}");
        text.AppendLine($"invalid frames           {InvalidFrames}");
        text.AppendLine($"MC frame gaps            {MasterChannelGaps} ({MasterChannelFramesLost} frames lost)");
        text.AppendLine($"sender restarts          {SenderRestarts}");
        text.AppendLine($"VC frame gaps            {VirtualChannelGaps} ({VirtualChannelFramesLost} frames lost)");
        text.AppendLine($"packets                  {Packets}");
        text.AppendLine($"idle packets             {IdlePackets}");
        text.AppendLine($"packets discarded        {PacketsDiscarded}");
        text.AppendLine($"invalid packets          {InvalidPackets}");
        text.AppendLine($"packet sequence restarts {PacketSequenceRestarts}");
        text.Append($"packet sequence gaps     {PacketSequenceGaps} ({PacketsLost} packets lost)");
        return text.ToString();
    }
}
