using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Security;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test send CMD [args]</c>: encodes a command from the exported flight dictionary, signs it into a TC frame
/// (Type-BD on VC 0), wraps it in a CLTU, sends it to the payload's uplink and optionally waits for its
/// acknowledgements on the downlink.
/// </summary>
internal static class SendCommand
{
    private static readonly DateTimeOffset SequenceEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Command Create()
    {
        Argument<string> name = new("command") { Description = "Command name from the dictionary, e.g. SET_MODE." };
        Argument<string[]> arguments = new("arguments") { Description = "Arguments in dictionary order (enum arguments by name).", Arity = ArgumentArity.ZeroOrMore };
        Option<FileInfo> dictionary = new("--dict") { Description = "Dictionary exported by `flight dictionary --out FILE`.", Required = true };
        Option<FileInfo> keyFile = new("--key-file") { Description = "Uplink key file (one 'SPI HEXKEY' per line, owner-only).", Required = true };
        Option<string> to = new("--to") { Description = "Payload uplink: udp://HOST:PORT or tcp://HOST:PORT.", DefaultValueFactory = _ => "udp://127.0.0.1:52000" };
        Option<ushort> spi = new("--spi") { Description = "Security parameter index of the key to sign with.", DefaultValueFactory = _ => (ushort)1 };
        Option<ushort> spacecraftId = new("--scid") { Description = "Spacecraft id in the TC frame.", DefaultValueFactory = _ => (ushort)427 };
        Option<uint?> sequence = new("--sequence") { Description = "Security sequence number (default: tenths of a second since 2025-01-01, so it always grows)." };
        Option<ushort> tag = new("--tag") { Description = "Tag echoed in the acknowledgements.", DefaultValueFactory = _ => (ushort)1 };
        Option<string?> acknowledgements = new("--ack") { Description = "Wait for the acknowledgements on this downlink: udp://HOST:PORT (listened on) or tcp://HOST:PORT (connected to)." };
        Option<double> timeout = new("--timeout") { Description = "Seconds to wait for the final acknowledgement.", DefaultValueFactory = _ => 10 };
        Command command = new("send", "Encode a command from the flight dictionary into a signed TC frame in a CLTU and send it to the payload.")
        {
            name, arguments, dictionary, keyFile, to, spi, spacecraftId, sequence, tag, acknowledgements, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Request(parse.GetRequiredValue(name), parse.GetValue(arguments) ?? [], parse.GetRequiredValue(dictionary), parse.GetRequiredValue(keyFile),
                parse.GetValue(to)!, parse.GetValue(spi), parse.GetValue(spacecraftId), parse.GetValue(sequence), parse.GetValue(tag), parse.GetValue(acknowledgements),
                TimeSpan.FromSeconds(parse.GetValue(timeout))),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private sealed record Request(string Name, string[] Arguments, FileInfo Dictionary, FileInfo KeyFile, string To, ushort Spi, ushort SpacecraftId,
        uint? Sequence, ushort Tag, string? Acknowledgements, TimeSpan Timeout);

    private static async Task<int> RunAsync(Request request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        byte[] cltu;
        CommandDefinition definition;
        try
        {
            DictionaryDocument document = DictionaryDocument.FromJson(await File.ReadAllTextAsync(request.Dictionary.FullName, cancellationToken).ConfigureAwait(false));
            definition = document.Command(request.Name);
            byte[] data = CommandCodec.Encode(definition, request.Tag, request.Arguments);
            uint sequence = request.Sequence ?? (uint)((DateTimeOffset.UtcNow - SequenceEpoch).Ticks / (TimeSpan.TicksPerSecond / 10));
            var encoder = new CommandCltuEncoder(request.SpacecraftId, TcKeyStore.Load(request.KeyFile.FullName), request.Spi, sequence);
            cltu = encoder.Encode(data);
            await output.WriteLineAsync($"{definition.Name} (opcode 0x{definition.Opcode:X4}) tag {request.Tag}, SPI {request.Spi} sequence {sequence}: {cltu.Length}-octet CLTU to {request.To}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or IOException or KeyFileException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        ICaduSource? source = request.Acknowledgements is null ? null : await CaduLinkAddress.OpenSourceAsync(request.Acknowledgements, cancellationToken).ConfigureAwait(false);
        try
        {
            var final = new TaskCompletionSource<CommandAcknowledgement>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? receiving = null;
            if (source is not null)
            {
                var decoder = new GroundTelemetryDecoder(request.SpacecraftId);
                decoder.Acknowledgement += ack =>
                {
                    if (ack.Opcode != definition.Opcode || ack.Tag != request.Tag)
                    {
                        return;
                    }
                    output.WriteLine($"  {ack.Stage}{(ack.Reason.Length > 0 ? ": " + ack.Reason : "")}");
                    if (ack.Stage != AcknowledgementStage.Accepted)
                    {
                        final.TrySetResult(ack);
                    }
                };
                receiving = decoder.ReadFromAsync(source, stop.Token);
            }

            await SendAsync(request.To, cltu, cancellationToken).ConfigureAwait(false);
            if (receiving is null)
            {
                return 0;
            }
            Task done = await Task.WhenAny(final.Task, Task.Delay(request.Timeout, cancellationToken)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            if (done != final.Task)
            {
                await error.WriteLineAsync($"error: no final acknowledgement for {definition.Name} tag {request.Tag} within {request.Timeout.TotalSeconds} s").ConfigureAwait(false);
                return 1;
            }
            return final.Task.Result.Stage == AcknowledgementStage.Completed ? 0 : 1;
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task SendAsync(string address, byte[] cltu, CancellationToken cancellationToken)
    {
        Uri uri = new(address);
        if (uri.Scheme is not ("udp" or "tcp") || uri.Port <= 0)
        {
            throw new FormatException($"uplink address '{address}' is not udp://HOST:PORT or tcp://HOST:PORT");
        }
        IPAddress host = IPAddress.Parse(uri.Host);
        if (uri.Scheme == "udp")
        {
            using var udp = new UdpClient(host.AddressFamily);
            await udp.SendAsync(cltu, new IPEndPoint(host, uri.Port), cancellationToken).ConfigureAwait(false);
            return;
        }
        using var tcp = new TcpClient(host.AddressFamily);
        await tcp.ConnectAsync(host, uri.Port, cancellationToken).ConfigureAwait(false);
        await tcp.GetStream().WriteAsync(cltu, cancellationToken).ConfigureAwait(false);
    }
}
