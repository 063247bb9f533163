using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Station;
using Payload.Telemetry.Security;

namespace Payload.GroundTest.Uplink;

/// <summary>
/// One telecommand to the payload over a <see cref="GroundSession"/> and its answer printed and turned into an exit code,
/// for <c>send</c> and the <c>model</c> commands.
/// </summary>
internal static class TelecommandExchange
{
    /// <summary>Opens a session, or prints why not and gives the exit code: 2 for an unusable key file, 1 for a link error.</summary>
    public static async Task<(GroundSession? Session, int ExitCode)> OpenAsync(GroundSessionOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return (await GroundSession.StartAsync(options, cancellationToken).ConfigureAwait(false), 0);
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
    /// Sends encoded command data — through COP-1 when the downlink is heard, otherwise once as Type-BD — and, with a
    /// downlink, waits up to <paramref name="timeout"/> for its final acknowledgement (each stage printed to
    /// <paramref name="output"/>). Null when nothing final came in time or no downlink is heard.
    /// </summary>
    /// <exception cref="IOException">Without a downlink, the CLTU could not be sent.</exception>
    public static async Task<CommandAcknowledgement?> CommandAsync(GroundSession session, GroundSessionOptions options, TimeSpan timeout, CommandDefinition command,
        ushort tag, byte[] data, TextWriter output, CancellationToken cancellationToken)
    {
        string head = $"{command.Name} (opcode 0x{command.Opcode:X4}) tag {tag}, SPI {options.Spi}";
        string to = GroundLinkAddress.Format(options.Uplink!);
        if (!session.HearsDownlink)
        {
            byte[] cltu = session.EncodeTypeBd(data);
            await output.WriteLineAsync($"{head} sequence {session.Encoder.NextSequenceNumber - 1}: {cltu.Length}-octet Type-BD CLTU to {to}").ConfigureAwait(false);
            if (!session.SendCltu(cltu))
            {
                // Sent once with nothing to retransmit it: say so rather than report success.
                throw new IOException($"the CLTU could not be sent to {to}");
            }

            return null;
        }

        await output.WriteLineAsync($"{head} from sequence {session.Encoder.NextSequenceNumber}: COP-1 Type-AD to {to}, CLCWs from {GroundLinkAddress.Format(options.Downlink!)}").ConfigureAwait(false);
        void Print(AcknowledgementReceived received)
        {
            CommandAcknowledgement ack = received.Acknowledgement;
            if (ack.Opcode == command.Opcode && ack.Tag == tag)
            {
                output.WriteLine($"  {ack.Stage}{(ack.Reason.Length > 0 ? ": " + ack.Reason : "")}");
            }
        }

        session.Acknowledgement += Print;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await session.SendCommandAsync(command, tag, data, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Given up: COP-1 must not send it again after a re-initiation.
            session.Abandon(tag);
            return null;
        }
        finally
        {
            session.Acknowledgement -= Print;
        }
    }

    /// <summary>
    /// Opens a session, sends one command and waits for its final acknowledgement when a downlink is given. Exit code 0
    /// on Completed (or sent without a downlink), 1 on Failed/Rejected, no answer or a link error, 2 on an unusable key file.
    /// </summary>
    public static async Task<int> RunAsync(GroundSessionOptions options, TimeSpan timeout, CommandDefinition definition, ushort tag, byte[] data, TextWriter output,
        TextWriter error, CancellationToken cancellationToken, Action<GroundSession>? listen = null)
    {
        (GroundSession? session, int failure) = await OpenAsync(options, error, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return failure;
        }
        await using (session.ConfigureAwait(false))
        {
            listen?.Invoke(session);
            try
            {
                CommandAcknowledgement? final = await CommandAsync(session, options, timeout, definition, tag, data, output, cancellationToken).ConfigureAwait(false);
                if (!session.HearsDownlink)
                {
                    return 0;
                }
                if (final is null)
                {
                    await error.WriteLineAsync($"error: no final acknowledgement for {definition.Name} tag {tag} within {timeout.TotalSeconds} s (uplink FOP-1 {session.Link.UplinkState})").ConfigureAwait(false);
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
