using Payload.Flight.Commanding;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Tests.Commanding;

public class CommandCltuEncoderTests
{
    private const ushort Spi = 1;

    [Test]
    public void Frames_signed_from_several_threads_each_get_their_own_security_sequence_number()
    {
        const int threads = 4;
        const int framesPerThread = 20000;
        const uint first = 1000;
        var encoder = new CommandCltuEncoder(427, new TcKeyStore([new(Spi, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray())]), Spi, first);
        byte[] command = [0x00, 0x01, 0x00, 0x07];
        var cltus = new byte[threads][][];
        using var start = new Barrier(threads);

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            cltus[t] = new byte[framesPerThread][];
            start.SignalAndWait();
            for (int i = 0; i < framesPerThread; i++)
            {
                // Commands through Encode and COP-1's Type-AD frames through FrameWriter share one counter.
                if (i % 2 == 0)
                {
                    cltus[t][i] = encoder.Encode(command);
                }
                else
                {
                    var frame = new byte[encoder.FrameWriter.GetFrameLength(TcFrameType.Ad, command.Length)];
                    int length = encoder.FrameWriter.Write(new TcFrameHeader(TcFrameType.Ad, CommandCltuEncoder.CommandVirtualChannel, 0), command, frame);
                    cltus[t][i] = frame[..length];
                }
            }
        });

        // Same data and header: two frames are only different octets if their sequence numbers (and so MACs) differ.
        int distinct = cltus.SelectMany(c => c).Select(Convert.ToHexString).Distinct().Count();
        Assert.Multiple(() =>
        {
            Assert.That(encoder.NextSequenceNumber, Is.EqualTo(first + threads * framesPerThread));
            Assert.That(distinct, Is.EqualTo(threads * framesPerThread));
        });
    }
}
