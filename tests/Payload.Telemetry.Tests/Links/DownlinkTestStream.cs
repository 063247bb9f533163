using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Links;

/// <summary>A CADU stream made by the flight chain from seeded random packets, and a ground chain to decode it.</summary>
internal sealed class DownlinkTestStream
{
    public DownlinkTestStream(int frameLength, int interleave, int packetCount, int seed, int maxUserData = 600)
    {
        Format = new CaduFormat(frameLength, interleave);
        Frames = new TmFrameConfiguration(frameLength, spacecraftId: 0x1AB);
        TmFrameMultiplexer multiplexer = new(Frames);
        VirtualChannel vc = multiplexer.AddVirtualChannel(1, priority: 0, capacity: packetCount + 1);
        SpacePacketEncoder encoder = new();
        Random random = new(seed);
        for (int i = 0; i < packetCount; i++)
        {
            byte[] data = new byte[random.Next(1, maxUserData)];
            random.NextBytes(data);
            byte[] packet = new byte[encoder.PacketLength(data.Length)];
            encoder.Encode(random.Next(1, 4), data, packet);
            Packets.Add(packet);
            vc.TryWrite(packet);
        }

        vc.Complete();
        DownlinkTransmitter transmitter = new(multiplexer, Format);
        using MemoryStream stream = new();
        for (ReadOnlySpan<byte> cadu = transmitter.TryEncodeCadu(); !cadu.IsEmpty; cadu = transmitter.TryEncodeCadu())
        {
            stream.Write(cadu);
        }

        Cadus = stream.ToArray();
    }

    public CaduFormat Format { get; }

    public TmFrameConfiguration Frames { get; }

    public List<byte[]> Packets { get; } = [];

    public byte[] Cadus { get; }

    public int CaduCount => Cadus.Length / Format.CaduLength;

    public List<byte[]> Received { get; } = [];

    public List<LinkEvent> Events { get; } = [];

    public DownlinkReceiver NewReceiver() => new(Format, Frames, (_, p) => Received.Add(p.ToArray()), Events.Add);

    /// <summary>Decodes <paramref name="stream"/> pushed in chunks of varying size.</summary>
    public DownlinkReceiver Decode(byte[] stream, int seed = 0)
    {
        DownlinkReceiver receiver = NewReceiver();
        Random random = new(seed);
        for (int at = 0; at < stream.Length;)
        {
            int take = Math.Min(stream.Length - at, random.Next(1, 5000));
            receiver.Push(stream.AsSpan(at, take));
            at += take;
        }

        receiver.Complete();
        return receiver;
    }
}
