using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

/// <summary>The per-frame paths allocate nothing once warm (counted with the GC's per-thread allocation counter).</summary>
public class UplinkAllocationTests
{
    private static readonly TcFrameFormat Format = new(0x155);
    private static readonly TcSecurityOptions Security = new();
    private static readonly TcKeyStore Keys = new([new(5, Enumerable.Repeat((byte)0x5A, 32).ToArray())]);

    private static long AllocatedBy(Action action)
    {
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void Signing_and_CLTU_encoding_a_frame_allocates_nothing()
    {
        var signer = new TcFrameSigner(Format, Keys, 5, Security);
        var encoder = new CltuEncoder(randomize: true);
        byte[] data = new byte[200];
        var frame = new byte[signer.GetFrameLength(TcFrameType.Bd, data.Length)];
        var cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];

        long allocated = AllocatedBy(() =>
        {
            signer.Write(new TcFrameHeader(TcFrameType.Bd, 2, 0), data, frame);
            encoder.Encode(frame, cltu);
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Receiving_a_CLTU_through_the_whole_chain_allocates_nothing()
    {
        var signer = new TcFrameSigner(Format, Keys, 5, Security);
        var receiver = new TcUplinkReceiver(new CltuDecoder(true), new TcFrameParser(Format), new TcFrameVerifier(Keys, Security), [new Farm1(2, 10)]);
        byte[] data = new byte[200];
        var frame = new byte[signer.GetFrameLength(TcFrameType.Bd, data.Length)];
        var cltu = new byte[CltuEncoder.GetCltuLength(frame.Length)];
        var workspace = new byte[cltu.Length];
        var encoder = new CltuEncoder(randomize: true);
        int accepted = 0;

        long allocated = AllocatedBy(() =>
        {
            signer.Write(new TcFrameHeader(TcFrameType.Bd, 2, 0), data, frame);
            encoder.Encode(frame, cltu);
            if (receiver.Receive(cltu, workspace).IsAccepted)
            {
                accepted++;
            }
        });

        Assert.That(accepted, Is.EqualTo(101));
        Assert.That(allocated, Is.Zero);
    }
}
