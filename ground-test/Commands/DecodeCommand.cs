using System.CommandLine;
using System.Globalization;
using Payload.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test decode</c>: receives a CADU stream from a file, UDP or TCP, decodes it down to
/// packets, prints the link statistics and writes the packets per APID.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        Option<string> input = new("--in")
        {
            Description = "CADU source: a file, udp://HOST:PORT (listen there) or tcp://HOST:PORT (connect there).",
            Required = true,
        };
        Option<DirectoryInfo?> output = new("--out")
        {
            Description = "Folder for packets: OUT/apid-NNNN/NNNNNN-seq-NNNNN.bin (arrival index, sequence count).",
        };
        Option<int> interleave = DownlinkOptions.Interleave();
        Option<int?> frameLength = DownlinkOptions.FrameLength();
        Option<int> spacecraftId = DownlinkOptions.SpacecraftId();
        Command command = new("decode", "Decode a CADU stream: frame sync, Reed-Solomon, TM frames, packets; print link statistics.")
        {
            input, output, interleave, frameLength, spacecraftId,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(input), result.GetValue(output), result.GetValue(interleave), result.GetValue(frameLength), result.GetValue(spacecraftId), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string input, DirectoryInfo? output, int interleave, int? frameLength, int spacecraftId, CancellationToken cancellationToken)
    {
        if (!DownlinkOptions.TryCreate(interleave, frameLength, spacecraftId, out var format, out var frames, out string? error))
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return 2;
        }

        PacketFolder? folder = output is null ? null : new PacketFolder(output.FullName);
        int events = 0;
        DownlinkReceiver receiver = new(
            format,
            frames,
            (_, packet) => folder?.Write(packet),
            e =>
            {
                events++;
                Console.Error.WriteLine($"! {e}");
            });

        ICaduSource source;
        try
        {
            source = await CaduLinkAddress.OpenSourceAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await using (source.ConfigureAwait(false))
        {
            try
            {
                await receiver.ReadFromAsync(source.Reader, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                receiver.Complete();
            }
        }

        Console.WriteLine($"source                   {input} (frame {format.FrameLength}, I={format.InterleaveDepth}, SCID {spacecraftId})");
        Console.WriteLine(receiver.Statistics);
        if (folder is not null)
        {
            Console.WriteLine($"packets written to       {folder.Root}");
        }

        Console.WriteLine($"events                   {events}");
        return 0;
    }

    /// <summary>Writes packets as OUT/apid-NNNN/NNNNNN-seq-NNNNN.bin; the arrival index keeps files unique when counts wrap.</summary>
    private sealed class PacketFolder(string root)
    {
        private readonly Dictionary<int, int> _arrivals = [];

        public string Root { get; } = root;

        public void Write(ReadOnlySpan<byte> packet)
        {
            SpacePacketHeader header = SpacePacketHeader.Parse(packet);
            int index = _arrivals.GetValueOrDefault(header.Apid);
            _arrivals[header.Apid] = index + 1;
            string folder = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"apid-{header.Apid:D4}"));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{index:D6}-seq-{header.SequenceCount:D5}.bin")), packet);
        }
    }
}
