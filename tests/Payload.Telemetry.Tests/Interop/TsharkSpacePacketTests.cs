using System.Buffers;
using System.Diagnostics;
using System.Text;
using Payload.Telemetry.Packets;
using Payload.Tests.Shared;

namespace Payload.Telemetry.Tests.Interop;

/// <summary>
/// Our space packet primary headers as Wireshark's CCSDS dissector reads them (an implementation we
/// did not write). Only the primary header is judged: the dissector assumes ISS secondary headers.
/// </summary>
public class TsharkSpacePacketTests
{
    private const string InstallHint = "install Debian's tshark (apt-get install tshark)";
    private const int UdpPort = 40001;

    [Test]
    public void Wireshark_reads_every_primary_header_field_as_we_wrote_it()
    {
        string tshark = Require.Tool("tshark", InstallHint);
        string text2pcap = Require.Tool("text2pcap", InstallHint);
        List<byte[]> packets = Packets();
        string folder = Path.Combine(Path.GetTempPath(), $"payload-tshark-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            StringBuilder dump = new();
            foreach (byte[] packet in packets)
            {
                dump.Append("000000 ").AppendJoin(' ', packet.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
            }

            string text = Path.Combine(folder, "packets.txt");
            string pcap = Path.Combine(folder, "packets.pcap");
            File.WriteAllText(text, dump.ToString());
            Run(text2pcap, ["-q", "-u", $"40000,{UdpPort}", text, pcap]);
            string[] lines = Run(tshark, ["-r", pcap, "-d", $"udp.port=={UdpPort},ccsds", "-T", "fields", "-E", "separator=,",
                "-e", "ccsds.version", "-e", "ccsds.type", "-e", "ccsds.secheader", "-e", "ccsds.apid", "-e", "ccsds.seqflag", "-e", "ccsds.seqnum", "-e", "ccsds.length"])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);

            IEnumerable<string> expected = packets.Select(p => SpacePacketHeader.Parse(p)).Select(h =>
                $"0,{(int)h.Type},{(h.HasSecondaryHeader ? 1 : 0)},{h.Apid},{(int)h.SequenceFlags},{h.SequenceCount},{h.DataFieldLength - 1}");
            Assert.That(lines.Select(l => l.Trim().Replace("True", "1", StringComparison.Ordinal).Replace("False", "0", StringComparison.Ordinal)), Is.EqualTo(expected));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<byte[]> Packets()
    {
        Random random = new(133);
        SpacePacketEncoder plain = new();
        SpacePacketEncoder timed = new(new CucTimeFormat(4, 2));
        List<byte[]> packets = [];
        for (int i = 0; i < 30; i++)
        {
            SpacePacketEncoder encoder = i % 2 == 0 ? plain : timed;
            byte[] product = new byte[random.Next(10, 700)];
            random.NextBytes(product);
            ArrayBufferWriter<byte> output = new();
            encoder.EncodeProduct(random.Next(0, 2047), product, maxPacketLength: 256, output, new CucTime((uint)i, 0));
            ReadOnlySpan<byte> rest = output.WrittenSpan;
            while (!rest.IsEmpty)
            {
                SpacePacket.TryRead(rest, out _, out int length, out _);
                packets.Add(rest[..length].ToArray());
                rest = rest[length..];
            }
        }

        return packets;
    }

    private static string Run(string tool, string[] arguments)
    {
        ProcessStartInfo start = new(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} failed: {errors.Result}");
        return output;
    }
}
