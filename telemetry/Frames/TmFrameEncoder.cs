using System.Buffers.Binary;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Frames;

/// <summary>
/// Builds TM transfer frames (CCSDS 132.0-B-3 §4.1) into one reused frame buffer: header with
/// master-channel and per-VC counts, packets copied in (spanning frames as needed) with the first
/// header pointer set, optional OCF, optional FECF. Allocates nothing per frame.
/// </summary>
internal sealed class TmFrameEncoder
{
    private readonly TmFrameConfiguration _configuration;
    private readonly byte[] _frame;
    private int _masterChannelFrameCount;
    private int _idleFrameCount;
    private uint _operationalControlField;

    public TmFrameEncoder(TmFrameConfiguration configuration)
    {
        _configuration = configuration;
        _frame = new byte[configuration.FrameLength];
    }

    /// <summary>Sets the 4 octets every following frame carries in its OCF (e.g. the CLCW).</summary>
    public void SetOperationalControlField(uint value) => _operationalControlField = value;

    /// <summary>
    /// Fills one frame of <paramref name="channel"/> from its packets. When the channel runs dry before
    /// the data field is full, the rest is an idle packet (which may continue into the channel's next frame).
    /// The returned span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> EncodeFrame(VirtualChannel channel)
    {
        int dataFieldLength = _configuration.DataFieldLength;
        Span<byte> data = _frame.AsSpan(TmFrameLayout.PrimaryHeaderLength, dataFieldLength);
        int firstHeaderPointer = TmFrameLayout.FirstHeaderPointerNoPacketStart;
        int at = 0;
        while (at < dataFieldLength)
        {
            if (channel.Current.IsEmpty)
            {
                if (!channel.TryTakeNext())
                {
                    int room = dataFieldLength - at;
                    int idleLength = room > SpacePacketHeader.Length ? room : room + dataFieldLength;
                    SpacePacketEncoder.WriteIdlePacket(channel.IdlePacketBuffer.AsSpan(0, idleLength));
                    channel.StartIdle(idleLength);
                }

                if (firstHeaderPointer == TmFrameLayout.FirstHeaderPointerNoPacketStart)
                {
                    firstHeaderPointer = at;
                }
            }

            ReadOnlySpan<byte> rest = channel.Current.Span[channel.CurrentOffset..];
            int take = Math.Min(rest.Length, dataFieldLength - at);
            rest[..take].CopyTo(data[at..]);
            at += take;
            channel.CurrentOffset += take;
            if (channel.CurrentOffset == channel.Current.Length)
            {
                channel.FinishCurrent();
            }
        }

        int vcCount = channel.FrameCount;
        channel.FrameCount = (vcCount + 1) % TmFrameLayout.FrameCountModulus;
        return Finish(channel.Id, vcCount, firstHeaderPointer);
    }

    /// <summary>An idle frame (only idle data, first header pointer 0x7FE) on the configured idle VC.</summary>
    public ReadOnlySpan<byte> EncodeIdleFrame()
    {
        _frame.AsSpan(TmFrameLayout.PrimaryHeaderLength, _configuration.DataFieldLength).Fill(TmFrameLayout.IdleFill);
        int vcCount = _idleFrameCount;
        _idleFrameCount = (vcCount + 1) % TmFrameLayout.FrameCountModulus;
        return Finish(_configuration.IdleVirtualChannel, vcCount, TmFrameLayout.FirstHeaderPointerIdleData);
    }

    private ReadOnlySpan<byte> Finish(int virtualChannelId, int vcCount, int firstHeaderPointer)
    {
        new TmFrameHeader(
            _configuration.SpacecraftId,
            virtualChannelId,
            _configuration.HasOperationalControlField,
            _masterChannelFrameCount,
            vcCount,
            firstHeaderPointer).WriteTo(_frame);
        _masterChannelFrameCount = (_masterChannelFrameCount + 1) % TmFrameLayout.FrameCountModulus;
        if (_configuration.HasOperationalControlField)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_frame.AsSpan(_configuration.OperationalControlFieldOffset), _operationalControlField);
        }

        if (_configuration.HasFrameErrorControl)
        {
            int crcAt = _frame.Length - TmFrameLayout.FrameErrorControlLength;
            BinaryPrimitives.WriteUInt16BigEndian(_frame.AsSpan(crcAt), Crc16Ccitt.Compute(_frame.AsSpan(0, crcAt)));
        }

        return _frame;
    }
}
