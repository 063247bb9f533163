using System.CommandLine;
using System.Text.Json;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Uplink;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test send CMD [args]</c>: encodes a command from the exported flight dictionary, signs it into a TC frame
/// (Type-BD on VC 0), wraps it in a CLTU, sends it to the payload's uplink and optionally waits for its
/// acknowledgements on the downlink.
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
        Command command = new("send", "Encode a command from the flight dictionary into a signed TC frame in a CLTU and send it to the payload.")
        {
            name, arguments, dictionary, tag,
        };
        uplink.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(name), parse.GetValue(arguments) ?? [], parse.GetRequiredValue(dictionary), parse.GetValue(tag), uplink.Read(parse),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string name, string[] arguments, FileInfo dictionary, ushort tag, UplinkSettings settings,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CommandDefinition definition;
        byte[] data;
        try
        {
            DictionaryDocument document = DictionaryDocument.FromJson(await File.ReadAllTextAsync(dictionary.FullName, cancellationToken).ConfigureAwait(false));
            definition = document.Command(name);
            data = CommandCodec.Encode(definition, tag, arguments);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or IOException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        return await TelecommandExchange.RunAsync(settings, definition, tag, data, output, error, cancellationToken).ConfigureAwait(false);
    }
}
