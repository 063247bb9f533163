using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Telemetry.Security;

namespace Payload.GroundTest.Uplink;

/// <summary>One telecommand to the payload and its answer as an exit code, for <c>send</c> and the <c>model</c> slot commands.</summary>
internal static class TelecommandExchange
{
    /// <summary>Opens a session, or prints why not and gives the exit code: 2 for an unusable key file, 1 for a link error.</summary>
    public static async Task<(PayloadSession? Session, int ExitCode)> OpenAsync(UplinkSettings settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return (await PayloadSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false), 0);
        }
        catch (KeyFileException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return (null, 2);
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return (null, 1);
        }
    }

    /// <summary>
    /// Opens a session, sends one command and waits for its final acknowledgement when a downlink is given. Exit code 0
    /// on Completed (or sent without a downlink), 1 on Failed/Rejected, no answer or a link error, 2 on an unusable key file.
    /// </summary>
    public static async Task<int> RunAsync(UplinkSettings settings, CommandDefinition definition, ushort tag, byte[] data, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, Action<PayloadSession>? listen = null)
    {
        (PayloadSession? session, int failure) = await OpenAsync(settings, error, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return failure;
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
                    await error.WriteLineAsync($"error: no final acknowledgement for {definition.Name} tag {tag} within {settings.Timeout.TotalSeconds} s (uplink FOP-1 {session.UplinkState})").ConfigureAwait(false);
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
