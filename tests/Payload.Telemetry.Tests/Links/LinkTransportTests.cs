using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Payload.Telemetry.Links;

namespace Payload.Telemetry.Tests.Links;

public class LinkTransportTests
{
    private static byte[] Cadus(int count, int length, int seed)
    {
        byte[] bytes = new byte[count * length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader, int expected = int.MaxValue)
    {
        using MemoryStream received = new();
        while (received.Length < expected)
        {
            ReadResult result = await reader.ReadAsync();
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                received.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return received.ToArray();
    }

    private static async Task SendAsync(ICaduSink sink, byte[] cadus, int length)
    {
        for (int at = 0; at < cadus.Length; at += length)
        {
            await sink.WriteAsync(cadus.AsMemory(at, length));
        }

        await sink.FlushAsync();
    }

    [Test]
    public async Task File_sink_and_source_carry_the_byte_stream_unchanged()
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"link-{Guid.NewGuid():N}.cadu");
        byte[] cadus = Cadus(50, 259, 1);
        try
        {
            await using (StreamCaduSink sink = StreamCaduSink.CreateFile(path))
            {
                await SendAsync(sink, cadus, 259);
            }

            await using ICaduSource source = StreamCaduSource.OpenFile(path);
            Assert.That(await ReadAllAsync(source.Reader), Is.EqualTo(cadus));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Any_stream_can_be_a_sink_as_a_serial_device_is()
    {
        using MemoryStream device = new();
        byte[] cadus = Cadus(10, 259, 2);

        await using (StreamCaduSink sink = new(device, leaveOpen: true))
        {
            await SendAsync(sink, cadus, 259);
        }

        Assert.That(device.ToArray(), Is.EqualTo(cadus));
    }

    [Test]
    public async Task Tcp_loopback_carries_the_stream_and_ends_when_the_sender_closes()
    {
        using TcpListener listener = TcpCaduLink.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        byte[] cadus = Cadus(200, 259, 3);

        Task sending = Task.Run(async () =>
        {
            await using StreamCaduSink sink = await TcpCaduLink.AcceptSinkAsync(listener);
            await SendAsync(sink, cadus, 259);
        });
        await using ICaduSource source = await TcpCaduLink.ConnectSourceAsync("127.0.0.1", port);
        byte[] received = await ReadAllAsync(source.Reader);
        await sending;

        Assert.That(received, Is.EqualTo(cadus));
    }

    [Test]
    public async Task Udp_loopback_delivers_one_CADU_per_datagram_and_an_empty_datagram_ends_the_stream()
    {
        await using UdpCaduSource source = new(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] cadus = Cadus(20, 259, 4);

        await using (UdpCaduSink sink = new(source.LocalEndPoint))
        {
            await SendAsync(sink, cadus, 259);
        }

        Assert.That(await ReadAllAsync(source.Reader), Is.EqualTo(cadus));
    }

    [Test]
    public async Task Transmitter_runs_the_flight_chain_into_a_sink_until_the_channels_close()
    {
        DownlinkTestStream expected = new(223, 1, packetCount: 30, seed: 9);
        Payload.Telemetry.Frames.TmFrameMultiplexer multiplexer = new(expected.Frames);
        Payload.Telemetry.Frames.VirtualChannel vc = multiplexer.AddVirtualChannel(1, priority: 0, capacity: 4);
        DownlinkTransmitter transmitter = new(multiplexer, expected.Format);
        using MemoryStream device = new();
        await using StreamCaduSink sink = new(device, leaveOpen: true);

        Task running = transmitter.RunAsync(sink);
        foreach (byte[] packet in expected.Packets)
        {
            await vc.WriteAsync(packet);
        }

        vc.Complete();
        await running;

        Assert.That(device.ToArray(), Is.EqualTo(expected.Cadus));
    }
}
