using System.CommandLine;
using System.Text.Json;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Uplink;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test send CMD [args]</c>: encodes a command from the exported flight dictionary and sends it through the
/// same <see cref="Station.GroundSession"/> as the <c>model</c> commands: with <c>--ack</c> by COP-1 Type-AD following the CLCWs
/// of that downlink (waiting for the acknowledgements), without a downlink once as Type-BD.
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        Argument<string> name = new("command") { Description = "Command name from the dictionary, e.g. SET_MODE." };
        Argument<string[]> arguments = new("arguments") { Description = "Arguments in dictionary order (enum arguments by name).", Arity = ArgumentArity.ZeroOrMore };
        Option<FileInfo> dictionary = new("--dict") { Description = "Dictionary exported by `flight dictionary --out FILE`.", Required = true };
        Option<ushort> tag = new("--tag") { Description = "Tag echoed in the acknowledgements.", DefaultValueFactory = _ => (ushort)1 };
        var uplink = new UplinkOptions(downlinkRequired: false, defaultTimeoutSeconds: 10);
        Command command = new("send", "Encode a command from the flight dictionary into a signed TC frame in a CLTU and send it to the payload: COP-1 Type-AD following the CLCWs of the --ack downlink, or once as Type-BD without --ack.")
        {
            name, arguments, dictionary, tag,
        };
        uplink.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = TextWriter.Synchronized(parse.InvocationConfiguration.Output);
            TextWriter error = parse.InvocationConfiguration.Error;
            CommandDefinition definition;
            byte[] data;
            try
            {
                string json = await File.ReadAllTextAsync(parse.GetRequiredValue(dictionary).FullName, cancellationToken).ConfigureAwait(false);
                definition = DictionaryDocument.FromJson(json).Command(parse.GetRequiredValue(name));
                data = CommandCodec.Encode(definition, parse.GetValue(tag), parse.GetValue(arguments) ?? []);
            }
            catch (Exception e) when (e is ArgumentException or JsonException or IOException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            return await TelecommandExchange.RunAsync(uplink.Read(parse), uplink.Timeout(parse), definition, parse.GetValue(tag), data, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
