using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Uplink;
using Payload.Telemetry.Security;

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
        return await SendAsync(settings, definition, tag, data, output, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a session, sends one command and waits for its final acknowledgement when a downlink is given. Exit code 0
    /// on Completed (or sent without a downlink), 1 on Failed/Rejected, no answer or a link error, 2 on an unusable key file.
    /// </summary>
    public static async Task<int> SendAsync(UplinkSettings settings, CommandDefinition definition, ushort tag, byte[] data, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, Action<PayloadSession>? listen = null)
    {
        PayloadSession session;
        try
        {
            session = await PayloadSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyFileException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await using (session.ConfigureAwait(false))
        {
            listen?.Invoke(session);
            try
            {
                CommandAcknowledgement? final = await session.CommandAsync(definition, tag, data, output, cancellationToken).ConfigureAwait(false);
                if (!session.HearsDownlink)
                {
                    return 0;
                }
                if (final is null)
                {
                    await error.WriteLineAsync($"error: no final acknowledgement for {definition.Name} tag {tag} within {settings.Timeout.TotalSeconds} s").ConfigureAwait(false);
                    return 1;
                }
                return final.Stage == AcknowledgementStage.Completed ? 0 : 1;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }
}
