using System.CommandLine;
using System.Globalization;
using Payload.GroundTest.Output;
using Payload.GroundTest.Station;
using Payload.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test decode</c>: receives a CADU stream from a file, UDP or TCP, decodes it down to
/// packets, prints the link statistics and writes the packets per APID; products reassembled from
/// them are decoded and written with <see cref="GroundOutput"/> (npy, png, alerts, report).
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        Option<string> input = new("--in")
        {
            Description = "CADU source: a file, udp://HOST:PORT (listen there), tcp://HOST:PORT (connect there) or a serial device serial:DEVICE[?baud=N] (a /dev/ path alone too).",
            Required = true,
        };
        Option<DirectoryInfo?> output = new("--out")
        {
            Description = "Folder for packets (OUT/apid-NNNN/NNNNNN-seq-NNNNN.bin: arrival index, sequence count) and decoded products (OUT/products, OUT/png, alerts.jsonl, report.html).",
        };
        Option<int[]> productApids = new("--product-apid")
        {
            Description = "APIDs whose reassembled user data are downlink products (repeatable).",
            DefaultValueFactory = _ => [ProductApids.Bulk, ProductApids.Alert],
        };
        Option<string[]> classNames = new("--classes")
        {
            Description = "Class names in class order, for colours and alert names (default: class0, class1, ...).",
            AllowMultipleArgumentsPerToken = true,
        };
        Option<int> interleave = DownlinkOptions.Interleave();
        Option<int?> frameLength = DownlinkOptions.FrameLength();
        Option<int> spacecraftId = DownlinkOptions.SpacecraftId();
        Command command = new("decode", "Decode a CADU stream: frame sync, Reed-Solomon, TM frames, packets; print link statistics.")
        {
            input, output, interleave, frameLength, spacecraftId, productApids, classNames,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(input),
            result.GetValue(output),
            result.GetValue(interleave),
            result.GetValue(frameLength),
            result.GetValue(spacecraftId),
            result.GetValue(productApids) ?? [],
            result.GetValue(classNames) ?? [],
            cancellationToken));
        return command;
    }

    /// <summary>Classes assumed when none are named: enough for any 8-bit class map.</summary>
    private const int DefaultClassCount = 256;

    private static async Task<int> RunAsync(
        string input, DirectoryInfo? output, int interleave, int? frameLength, int spacecraftId, int[] productApids, string[] classNames, CancellationToken cancellationToken)
    {
        if (!DownlinkOptions.TryCreate(interleave, frameLength, spacecraftId, out var format, out var frames, out string? error))
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return 2;
        }

        PacketFolder? folder = output is null ? null : new PacketFolder(output.FullName);
        IReadOnlyList<string> classes = classNames.Length > 0 ? classNames : [.. Enumerable.Range(0, DefaultClassCount).Select(k => string.Create(CultureInfo.InvariantCulture, $"class{k}"))];
        using GroundOutput? ground = output is null ? null : GroundOutput.Create(output.Parent?.FullName ?? output.FullName, output.Name, classes);
        ProductDecoder decoder = new();
        HashSet<int> apids = [.. productApids];
        int events = 0;
        int products = 0;
        int rejected = 0;
        DownlinkReceiver receiver = new(
            format,
            frames,
            (_, packet) => folder?.Write(packet),
            e =>
            {
                events++;
                Console.Error.WriteLine($"! {e}");
                ground?.AddEvent(DateTimeOffset.UtcNow, "link", e.ToString());
            },
            reassembled =>
            {
                if (!apids.Contains(reassembled.Apid))
                {
                    return;
                }

                try
                {
                    DecodedProduct product = decoder.Decode(reassembled.Data.Span);
                    products++;
                    ground?.AddProduct(product, DateTimeOffset.UtcNow);
                }
                catch (ProductFormatException e)
                {
                    rejected++;
                    Console.Error.WriteLine($"! APID {reassembled.Apid} product at sequence count {reassembled.FirstSequenceCount}: {e.Message}");
                }
            });

        ICaduSource source;
        try
        {
            source = await GroundLink.OpenSourceAsync(GroundLinkAddress.ParseSource(input), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException or System.Net.Sockets.SocketException)
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
        Console.WriteLine($"products decoded         {products}");
        Console.WriteLine($"products rejected        {rejected}");
        if (folder is not null && ground is not null)
        {
            ground.AddDownlinkedBytes(receiver.Statistics.Cadus * format.CaduLength);
            ground.Record.AddFact("source", input);
            ground.Record.AddFact("link", $"{receiver.Statistics.Cadus} CADUs, {receiver.Statistics.CorrectedSymbols} corrected symbols, {receiver.Statistics.UncorrectableCodewords} uncorrectable, {receiver.Statistics.PacketsLost} packets lost");
            string report = ground.WriteReport($"ground-test decode {input}");
            Console.WriteLine($"packets written to       {folder.Root}");
            Console.WriteLine($"products written to      {ground.RunFolder} ({report})");
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
