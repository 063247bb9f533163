using System.Buffers.Binary;
using Payload.Telemetry.Coding;
using Payload.Telemetry.Sync;

namespace Payload.Telemetry.Tests.Sync;

/// <summary>Synchroniser and CADU decoder together over a stream with random bit errors and bit slips.</summary>
public class NoisyLinkTests
{
    // Minimum arrivals: at the lower rates nearly every codeword is correctable, and each slip costs the
    // CADU it falls in; at 8e-3 a codeword holds ~16 bit errors, so many are flagged, none may pass corrupted.
    [TestCase(1, 1e-4, 0, 148)]
    [TestCase(4, 1e-3, 0, 148)]
    [TestCase(5, 5e-4, 3, 145)]
    [TestCase(8, 2e-3, 2, 146)]
    [TestCase(1, 8e-3, 1, 60)]
    [TestCase(2, 1e-2, 0, 1)]
    public void Every_frame_passed_as_correctable_is_intact_and_enough_frames_arrive(int depth, double bitErrorRate, int slips, int minimumArrivals)
    {
        var format = new CaduFormat(ReedSolomon255.MessageLength * depth, depth);
        var codec = new CaduCodec(format);
        var random = new Random(depth * 100 + slips);
        const int FrameCount = 150;
        byte[][] frames = new byte[FrameCount][];
        var stream = new BitStreamBuilder();
        byte[] cadu = new byte[format.CaduLength];
        for (int n = 0; n < FrameCount; n++)
        {
            frames[n] = new byte[format.FrameLength];
            random.NextBytes(frames[n]);
            BinaryPrimitives.WriteInt32BigEndian(frames[n], n);
            codec.Encode(frames[n], cadu);
            stream.AppendBytes(cadu);
        }

        byte[] noisy = Corrupt(stream.ToArray(), bitErrorRate, slips, random);

        var arrived = new HashSet<int>();
        int[] perCodeword = new int[depth];
        int flagged = 0;
        var synchronizer = new FrameSynchronizer(
            new FrameSynchronizerOptions { CodeblockLength = format.CodeblockLength },
            (codeblock, _) =>
            {
                if (!codec.Decode(codeblock, perCodeword).IsCorrectable)
                {
                    flagged++;
                    return;
                }

                int n = BinaryPrimitives.ReadInt32BigEndian(codeblock);
                Assert.That(n, Is.InRange(0, FrameCount - 1), "a frame passed as correctable carries a frame number never sent");
                Assert.That(codeblock[..format.FrameLength].SequenceEqual(frames[n]), Is.True, $"frame {n} passed as correctable but differs");
                arrived.Add(n);
            });

        synchronizer.Push(noisy);
        synchronizer.Complete();

        TestContext.Out.WriteLine($"arrived {arrived.Count}/{FrameCount}, flagged {flagged}, {synchronizer.Statistics}");
        Assert.That(arrived, Has.Count.GreaterThanOrEqualTo(minimumArrivals),
            $"flagged {flagged}, statistics {synchronizer.Statistics}");
    }

    /// <summary>Flips bits at the given rate and drops or inserts a bit at <paramref name="slips"/> random places.</summary>
    private static byte[] Corrupt(byte[] data, double bitErrorRate, int slips, Random random)
    {
        byte[] flipped = (byte[])data.Clone();
        long bits = data.Length * 8L;
        for (long i = 0; i < (long)(bits * bitErrorRate); i++)
        {
            long bit = random.NextInt64(bits);
            flipped[bit / 8] ^= (byte)(0x80 >> (int)(bit % 8));
        }

        var slipAt = new SortedSet<long>();
        while (slipAt.Count < slips)
        {
            slipAt.Add(random.NextInt64(bits / 10, bits - (bits / 10)));
        }

        var output = new BitStreamBuilder();
        long from = 0;
        foreach (long at in slipAt)
        {
            output.AppendBitRange(flipped, from, at - from);
            if (random.Next(2) == 0)
            {
                from = at + 1;
            }
            else
            {
                output.AppendBits((ulong)random.Next(2), 1);
                from = at;
            }
        }

        return output.AppendBitRange(flipped, from, bits - from).ToArray();
    }
}
