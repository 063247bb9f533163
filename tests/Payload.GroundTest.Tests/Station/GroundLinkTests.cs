using System.Net;
using System.Net.Sockets;
using Payload.Flight.Configuration;
using Payload.Flight.Telemetry;
using Payload.GroundTest.Station;
using Payload.Telemetry.Coding;

namespace Payload.GroundTest.Tests.Station;

public sealed class GroundLinkTests
{
    private static readonly int CaduLength = AttachedSyncMarker.Length + DownlinkFormat.Cadu.CodeblockLength;

    [Test]
    public async Task A_byte_stream_downlink_is_cut_into_whole_cadus_at_the_marker_whatever_the_chunks()
    {
        var random = new Random(7);
        byte[][] sent = [.. Enumerable.Range(0, 6).Select(_ => Cadu(random))];
        byte[] stream = [.. RandomBytes(random, 37), .. sent.SelectMany(c => c)];
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = new List<byte[]>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using GroundLink link = await GroundLink.OpenAsync(new LinkConfiguration(LinkKind.Tcp, "127.0.0.1", port), CancellationToken.None);
        link.StartReceiving(cadu =>
        {
            received.Add(cadu.ToArray());
            if (received.Count == sent.Length)
            {
                all.TrySetResult();
            }
        }, TimeProvider.System);
        using Socket payload = await listener.AcceptSocketAsync();
        for (int offset = 0; offset < stream.Length;)
        {
            int chunk = Math.Min(random.Next(1, 400), stream.Length - offset);
            await payload.SendAsync(stream.AsMemory(offset, chunk));
            offset += chunk;
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(received, Is.EqualTo(sent));
    }

    [Test]
    public void A_serial_device_that_does_not_exist_fails_at_once_naming_it()
    {
        var missing = new LinkConfiguration(LinkKind.Serial, Path: "/dev/payload-no-such-tty");

        Assert.That(async () => await GroundLink.OpenAsync(missing, CancellationToken.None),
            Throws.InstanceOf<IOException>().With.Message.Contains("/dev/payload-no-such-tty"));
    }

    [Test]
    public void A_missing_cadu_file_is_named()
    {
        Assert.That(async () => await GroundLink.OpenSourceAsync(GroundLinkAddress.ParseSource("/nonexistent/x.cadu"), CancellationToken.None),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains("/nonexistent/x.cadu"));
    }

    [Test]
    public async Task A_cadu_file_is_read_to_its_end()
    {
        string path = Path.Combine(Path.GetTempPath(), $"payload-gt-{Guid.NewGuid():N}.cadu");
        byte[] cadus = [.. Enumerable.Range(0, 3).SelectMany(_ => Cadu(new Random(3)))];
        await File.WriteAllBytesAsync(path, cadus);
        try
        {
            await using Payload.Telemetry.Links.ICaduSource source = await GroundLink.OpenSourceAsync(GroundLinkAddress.ParseSource(path), CancellationToken.None);
            using var read = new MemoryStream();
            await source.Reader.CopyToAsync(read);

            Assert.That(read.ToArray(), Is.EqualTo(cadus));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Cadu(Random random)
    {
        byte[] cadu = RandomBytes(random, CaduLength);
        AttachedSyncMarker.Write(cadu);
        return cadu;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
