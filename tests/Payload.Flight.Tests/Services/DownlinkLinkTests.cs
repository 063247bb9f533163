using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Flight.Services;

namespace Payload.Flight.Tests.Services;

/// <summary>The TCP downlink as the flight host drives it: a CADU written every 10 ms, grounds connecting and dropping.</summary>
public sealed class DownlinkLinkTests
{
    private const int CaduLength = 32;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Writes CADUs filled with <paramref name="marker"/> at the host's pace until <paramref name="ground"/> has read one whole CADU of them.</summary>
    private static async Task<byte[]> ReceiveWhileWritingAsync(DownlinkLink link, TcpClient ground, byte marker)
    {
        byte[] cadu = Enumerable.Repeat(marker, CaduLength).ToArray();
        using var limit = new CancellationTokenSource(Limit);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        NetworkStream stream = ground.GetStream();
        var received = new byte[CaduLength];
        int filled = 0;
        Task<int> read = stream.ReadAsync(received, limit.Token).AsTask();
        while (true)
        {
            await link.WriteAsync(cadu, limit.Token);
            if (await Task.WhenAny(read, timer.WaitForNextTickAsync(limit.Token).AsTask()) == read)
            {
                int count = await read;
                Assert.That(count, Is.Positive, "the payload closed the connection");
                filled += count;
                if (filled == CaduLength)
                {
                    return received;
                }
                read = stream.ReadAsync(received.AsMemory(filled), limit.Token).AsTask();
            }
        }
    }

    private static async Task<TcpClient> ConnectAsync(DownlinkLink link)
    {
        var ground = new TcpClient(AddressFamily.InterNetwork);
        await ground.ConnectAsync((IPEndPoint)link.LocalEndPoint!);
        return ground;
    }

    [Test]
    public async Task Tcp_downlink_accepts_a_new_ground_after_the_previous_one_drops()
    {
        await using var link = new DownlinkLink(new LinkConfiguration(LinkKind.Tcp, "127.0.0.1", 0));
        using (TcpClient first = await ConnectAsync(link))
        {
            Assert.That(await ReceiveWhileWritingAsync(link, first, 0x11), Is.All.EqualTo(0x11));
        }

        using TcpClient second = await ConnectAsync(link);
        byte[] received = await ReceiveWhileWritingAsync(link, second, 0x22);

        Assert.That(received, Is.All.EqualTo(0x22));
        Assert.That(link.Connections, Is.EqualTo(2));
        Assert.That(link.IsConnected, Is.True);
    }

    [Test]
    public async Task A_new_ground_connection_takes_over_from_an_older_one()
    {
        await using var link = new DownlinkLink(new LinkConfiguration(LinkKind.Tcp, "127.0.0.1", 0));
        using TcpClient first = await ConnectAsync(link);
        await ReceiveWhileWritingAsync(link, first, 0x11);

        using TcpClient second = await ConnectAsync(link);
        byte[] received = await ReceiveWhileWritingAsync(link, second, 0x33);

        Assert.That(received, Is.All.EqualTo(0x33));
        Assert.That(link.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task Tcp_downlink_is_not_connected_before_a_ground_connects()
    {
        await using var link = new DownlinkLink(new LinkConfiguration(LinkKind.Tcp, "127.0.0.1", 0));

        await link.WriteAsync(new byte[CaduLength], CancellationToken.None);

        Assert.That(link.IsConnected, Is.False);
        Assert.That(link.Connections, Is.Zero);
    }
}
