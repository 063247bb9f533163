using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Station;
using Payload.Telemetry.Links;
using Payload.Telemetry.Security;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test send CMD [args]</c>: encodes a command from the exported flight dictionary and signs it into a TC frame
/// on VC 0 in a CLTU. With <c>--ack</c> it goes through COP-1 like <c>run</c> (a <see cref="GroundSession"/>: Type-AD,
/// retransmitted and V(R)-synchronised from the CLCWs on that downlink) and waits for the acknowledgements; without a
/// downlink there is no CLCW to follow, so it is sent once as Type-BD.
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
        Command command = new("send", "Encode a command from the flight dictionary into a signed TC frame in a CLTU and send it to the payload: COP-1 Type-AD following the CLCWs of the --ack downlink, or once as Type-BD without --ack.")
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
        CommandDefinition definition;
        byte[] data;
        uint sequence = request.Sequence ?? (uint)((DateTimeOffset.UtcNow - SequenceEpoch).Ticks / (TimeSpan.TicksPerSecond / 10));
        try
        {
            DictionaryDocument document = DictionaryDocument.FromJson(await File.ReadAllTextAsync(request.Dictionary.FullName, cancellationToken).ConfigureAwait(false));
            definition = document.Command(request.Name);
            data = CommandCodec.Encode(definition, request.Tag, request.Arguments);
            TcKeyStore keys = TcKeyStore.Load(request.KeyFile.FullName);
            if (request.Acknowledgements is null)
            {
                byte[] cltu = new CommandCltuEncoder(request.SpacecraftId, keys, request.Spi, sequence).Encode(data);
                await output.WriteLineAsync($"{definition.Name} (opcode 0x{definition.Opcode:X4}) tag {request.Tag}, SPI {request.Spi} sequence {sequence}: {cltu.Length}-octet Type-BD CLTU to {request.To}").ConfigureAwait(false);
                await SendAsync(request.To, cltu, cancellationToken).ConfigureAwait(false);
                return 0;
            }
        }
        catch (Exception e) when (e is ArgumentException or JsonException or IOException or KeyFileException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is SocketException or FormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        GroundSession session;
        try
        {
            session = GroundSession.Start(new GroundSessionOptions
            {
                RunFolder = Path.GetTempPath(), Rig = request.Acknowledgements, RigUplink = request.To, KeyFile = request.KeyFile.FullName,
                Spi = request.Spi, SpacecraftId = request.SpacecraftId, FirstSequenceNumber = sequence,
            });
        }
        catch (Exception e) when (e is SocketException or FormatException or ArgumentException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (session.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"{definition.Name} (opcode 0x{definition.Opcode:X4}) tag {request.Tag}, SPI {request.Spi} from sequence {sequence}: COP-1 Type-AD to {request.To}, CLCWs from {request.Acknowledgements}").ConfigureAwait(false);
            session.Acknowledgement += a =>
            {
                if (a.Acknowledgement.Opcode == definition.Opcode && a.Acknowledgement.Tag == request.Tag)
                {
                    output.WriteLine($"  {a.Acknowledgement.Stage}{(a.Acknowledgement.Reason.Length > 0 ? ": " + a.Acknowledgement.Reason : "")}");
                }
            };
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(request.Timeout);
            try
            {
                CommandAcknowledgement final = await session.SendCommandAsync(definition.Name, request.Arguments, request.Tag, wait.Token).ConfigureAwait(false);
                return final.Stage == AcknowledgementStage.Completed ? 0 : 1;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"error: no final acknowledgement for {definition.Name} tag {request.Tag} within {request.Timeout.TotalSeconds} s (uplink FOP-1 {session.Link.UplinkState})").ConfigureAwait(false);
                return 1;
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
