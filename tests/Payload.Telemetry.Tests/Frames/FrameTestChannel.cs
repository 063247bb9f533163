using Payload.Telemetry.Frames;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Frames;

/// <summary>Builds packets and frames for the frame tests, and collects what a receiver gives back.</summary>
internal sealed class FrameTestChannel
{
    public FrameTestChannel(TmFrameConfiguration configuration)
    {
        Multiplexer = new TmFrameMultiplexer(configuration);
        Receiver = new TmFrameReceiver(configuration, (vc, packet) => Received.Add((vc, packet.ToArray())), Events.Add);
    }

    public TmFrameMultiplexer Multiplexer { get; }

    public TmFrameReceiver Receiver { get; }

    public SpacePacketEncoder Encoder { get; } = new();

    public List<(int Vc, byte[] Packet)> Received { get; } = [];

    public List<LinkEvent> Events { get; } = [];

    public byte[] Packet(int apid, int userDataLength, int seed)
    {
        byte[] data = new byte[userDataLength];
        new Random(seed).NextBytes(data);
        byte[] packet = new byte[Encoder.PacketLength(userDataLength)];
        Encoder.Encode(apid, data, packet);
        return packet;
    }

    /// <summary>Every data frame the multiplexer can make now, copied.</summary>
    public List<byte[]> DrainFrames()
    {
        List<byte[]> frames = [];
        while (true)
        {
            ReadOnlySpan<byte> frame = Multiplexer.TryEncodeFrame();
            if (frame.IsEmpty)
            {
                return frames;
            }

            frames.Add(frame.ToArray());
        }
    }
}
