using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Links;

/// <summary>
/// Round trip under channel errors: random packet streams are framed, bit errors and bit slips are
/// injected into the CADU stream, and the ground must deliver every packet that only crossed
/// undamaged CADUs intact, never deliver a corrupted one, and report every loss.
/// </summary>
public class ChannelErrorPropertyTests
{
    private const int IdleTailCadus = 3;

    /// <summary>One generated case: the link layout, the traffic and the damage.</summary>
    public sealed record ChannelCase(int Interleave, int FrameLength, int PacketCount, int TrafficSeed, int Burst, int Slips, int DamageSeed)
    {
        public override string ToString() =>
            $"I={Interleave} L={FrameLength} packets={PacketCount} traffic={TrafficSeed} bursts={Burst} slips={Slips} damage={DamageSeed}";
    }

    private static readonly Gen<ChannelCase> Cases =
        from layout in Gen.Elements((1, 223), (1, 160), (2, 446), (5, 1115), (8, 1000))
        from packets in Gen.Choose(5, 60)
        from traffic in Gen.Choose(0, int.MaxValue)
        from bursts in Gen.Choose(0, 4)
        from slips in Gen.Choose(0, 2)
        from damage in Gen.Choose(0, int.MaxValue)
        select new ChannelCase(layout.Item1, layout.Item2, packets, traffic, bursts, slips, damage);

    [TestCase(20261121UL)]
    [TestCase(3UL)]
    public void Correctable_packets_arrive_intact_and_every_loss_is_reported(ulong seed)
    {
        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(25)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));

        Check.One(config, Prop.ForAll(Cases.ToArbitrary(), Holds));
    }

    private static bool Holds(ChannelCase c)
    {
        Downlink link = new(c);
        HashSet<int> damaged = link.Damage(new Random(c.DamageSeed), c.Burst, c.Slips);
        List<(int Apid, byte[] Packet)> received = [];
        List<LinkEvent> events = [];
        DownlinkReceiver receiver = new(link.Format, link.Frames, (_, p) => received.Add((SpacePacketHeader.Parse(p).Apid, p.ToArray())), events.Add);
        receiver.Push(link.Stream);
        receiver.Complete();
        LinkStatistics stats = receiver.Statistics;

        // 1. Nothing corrupted: each APID's packets arrive as an in-order subsequence of what was sent.
        foreach (IGrouping<int, (int Apid, byte[] Packet)> apid in received.GroupBy(r => r.Apid))
        {
            List<byte[]> sent = [.. link.Packets.Where(p => p.Apid == apid.Key).Select(p => p.Bytes)];
            int at = 0;
            foreach ((_, byte[] packet) in apid)
            {
                while (at < sent.Count && !sent[at].AsSpan().SequenceEqual(packet))
                {
                    at++;
                }

                Assert.That(at, Is.LessThan(sent.Count), $"{c}: APID {apid.Key} delivered a packet that was never sent (corrupted)");
                at++;
            }
        }

        // 2. Every packet that crossed only undamaged CADUs arrives.
        HashSet<byte[]> got = new(received.Select(r => r.Packet), ByteArrayComparer.Instance);
        foreach (SentPacket packet in link.Packets)
        {
            bool crossedDamage = Enumerable.Range(packet.FirstFrame, packet.LastFrame - packet.FirstFrame + 1).Any(damaged.Contains);
            if (!crossedDamage)
            {
                Assert.That(got, Does.Contain(packet.Bytes).Using(ByteArrayComparer.Instance), $"{c}: packet in undamaged frames {packet.FirstFrame}..{packet.LastFrame} lost; events: {string.Join(" | ", events)}");
            }
        }

        // 3. Every loss is reported: gaps between received packets are counted exactly, and any loss at all
        //    shows up at frame level (the idle CADUs after the data reveal losses at the end).
        long expectedGaps = 0;
        foreach (IGrouping<int, SentPacket> apid in link.Packets.GroupBy(p => p.Apid))
        {
            List<int> indices = [.. apid.Select((p, i) => (p, i)).Where(x => got.Contains(x.p.Bytes)).Select(x => x.i)];
            if (indices.Count > 0)
            {
                expectedGaps += indices[^1] - indices[0] + 1 - indices.Count;
            }
        }

        int lost = link.Packets.Count(p => !got.Contains(p.Bytes));
        Assert.That(stats.PacketsLost, Is.EqualTo(expectedGaps), $"{c}: sequence gaps");
        if (lost > 0)
        {
            long frameLevel = stats.MasterChannelFramesLost + stats.UncorrectableCodewords + stats.FrameCrcFailures + stats.InvalidFrames + stats.PacketsDiscarded;
            Assert.That(frameLevel, Is.GreaterThan(0), $"{c}: {lost} packets lost without any report");
        }

        return true;
    }

    private sealed record SentPacket(int Apid, byte[] Bytes, int FirstFrame, int LastFrame);

    /// <summary>The flight side of one case, and the damage done to its CADU stream.</summary>
    private sealed class Downlink
    {
        private readonly int _dataCadus;

        public Downlink(ChannelCase c)
        {
            Format = new CaduFormat(c.FrameLength, c.Interleave);
            Frames = new TmFrameConfiguration(c.FrameLength, spacecraftId: 77);
            TmFrameMultiplexer multiplexer = new(Frames);
            VirtualChannel vc = multiplexer.AddVirtualChannel(2, priority: 0, capacity: c.PacketCount + 1);
            SpacePacketEncoder encoder = new();
            Random random = new(c.TrafficSeed);
            long offset = 0;
            int dataField = Frames.DataFieldLength;
            for (int i = 0; i < c.PacketCount; i++)
            {
                byte[] data = new byte[random.Next(1, 3 * c.FrameLength)];
                random.NextBytes(data);
                int apid = random.Next(1, 4);
                byte[] packet = new byte[encoder.PacketLength(data.Length)];
                encoder.Encode(apid, data, packet);
                Packets.Add(new SentPacket(apid, packet, (int)(offset / dataField), (int)((offset + packet.Length - 1) / dataField)));
                offset += packet.Length;
                vc.TryWrite(packet);
            }

            vc.Complete();
            DownlinkTransmitter transmitter = new(multiplexer, Format);
            using MemoryStream stream = new();
            for (ReadOnlySpan<byte> cadu = transmitter.TryEncodeCadu(); !cadu.IsEmpty; cadu = transmitter.TryEncodeCadu())
            {
                stream.Write(cadu);
            }

            _dataCadus = (int)(stream.Length / Format.CaduLength);
            for (int i = 0; i < IdleTailCadus; i++)
            {
                stream.Write(transmitter.NextCadu());
            }

            Stream = stream.ToArray();
        }

        public CaduFormat Format { get; }

        public TmFrameConfiguration Frames { get; }

        public List<SentPacket> Packets { get; } = [];

        public byte[] Stream { get; private set; }

        /// <summary>Flips bit bursts and slips bits inside the data CADUs; returns the indices of CADUs touched.</summary>
        public HashSet<int> Damage(Random random, int bursts, int slips)
        {
            HashSet<int> touched = [];
            int caduBits = Format.CaduLength * 8;
            byte[] bits = [.. Stream.SelectMany(b => Enumerable.Range(0, 8).Select(k => (byte)((b >> (7 - k)) & 1)))];
            List<byte> damaged = [.. bits];
            for (int b = 0; b < bursts; b++)
            {
                int start = random.Next(_dataCadus * caduBits);
                int length = random.Next(1, 400);
                for (int k = start; k < Math.Min(start + length, _dataCadus * caduBits); k++)
                {
                    if (random.Next(3) == 0)
                    {
                        damaged[k] ^= 1;
                        touched.Add(k / caduBits);
                    }
                }
            }

            // Slips from the end backwards so earlier positions stay where they were generated.
            foreach (int position in Enumerable.Range(0, slips).Select(_ => random.Next(_dataCadus * caduBits)).OrderDescending())
            {
                int count = random.Next(1, 8);
                if (random.Next(2) == 0)
                {
                    damaged.RemoveRange(position, Math.Min(count, damaged.Count - position));
                }
                else
                {
                    damaged.InsertRange(position, Enumerable.Repeat((byte)random.Next(2), count));
                }

                touched.Add(position / caduBits);
            }

            while (damaged.Count % 8 != 0)
            {
                damaged.Add(0);
            }

            Stream = [.. damaged.Chunk(8).Select(chunk => (byte)chunk.Aggregate(0, (acc, bit) => (acc << 1) | bit))];
            return touched;
        }
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            HashCode hash = default;
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
