using System.CommandLine;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test frame</c>: turns a folder of space packets (one per file, framed in file-name order)
/// into a CADU file, closing the last frame with idle data so the last packet is complete.
/// </summary>
internal static class FrameCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo> packets = new("--packets")
        {
            Description = "Folder holding one complete space packet per file; framed in ordinal file-name order.",
            Required = true,
        };
        Option<FileInfo> output = new("--out")
        {
            Description = "CADU file to write (ASM + randomised Reed-Solomon codeblock per frame).",
            Required = true,
        };
        Option<int> interleave = DownlinkOptions.Interleave();
        Option<int?> frameLength = DownlinkOptions.FrameLength();
        Option<int> spacecraftId = DownlinkOptions.SpacecraftId();
        Command command = new("frame", "Frame a folder of space packets into TM frames and CADUs (CCSDS 132.0-B, 131.0-B).")
        {
            packets, output, interleave, frameLength, spacecraftId,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetRequiredValue(packets), result.GetRequiredValue(output), result.GetValue(interleave), result.GetValue(frameLength), result.GetValue(spacecraftId), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo folder, FileInfo output, int interleave, int? frameLength, int spacecraftId, CancellationToken cancellationToken)
    {
        if (!DownlinkOptions.TryCreate(interleave, frameLength, spacecraftId, out var format, out var frames, out string? error))
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return 2;
        }

        if (!folder.Exists)
        {
            await Console.Error.WriteLineAsync($"error: packet folder {folder.FullName} does not exist").ConfigureAwait(false);
            return 2;
        }

        List<byte[]> packets = [];
        foreach (FileInfo file in folder.EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            byte[] packet = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            if (!SpacePacket.TryRead(packet, out _, out int length, out string? packetError) || length != packet.Length)
            {
                await Console.Error.WriteLineAsync($"error: {file.Name} is not one space packet: {packetError ?? $"its length field says {length} octets, the file has {packet.Length}"}").ConfigureAwait(false);
                return 1;
            }

            packets.Add(packet);
        }

        TmFrameMultiplexer multiplexer = new(frames);
        VirtualChannel channel = multiplexer.AddVirtualChannel(DownlinkOptions.DefaultVirtualChannel, priority: 0);
        DownlinkTransmitter transmitter = new(multiplexer, format);
        await using (StreamCaduSink sink = StreamCaduSink.CreateFile(output.FullName))
        {
            Task sending = transmitter.RunAsync(sink, cancellationToken);
            foreach (byte[] packet in packets)
            {
                await channel.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
            }

            channel.Complete();
            await sending.ConfigureAwait(false);
        }

        Console.WriteLine($"{packets.Count} packets from {folder.FullName}");
        Console.WriteLine($"{transmitter.CadusSent} CADUs of {format.CaduLength} octets (frame {format.FrameLength}, I={format.InterleaveDepth}, SCID {spacecraftId}, VC {DownlinkOptions.DefaultVirtualChannel}) to {output.FullName}");
        return 0;
    }
}
