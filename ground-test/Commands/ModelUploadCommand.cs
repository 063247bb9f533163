using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Files;
using Payload.GroundTest.Station;
using Payload.GroundTest.Uplink;
using Payload.Telemetry.Cfdp;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test model upload PACKAGE</c>: sends a model package to the payload with CFDP class 2 over the
/// authenticated uplink (TC VC 1), hears its ACK/NAK/Finished on the downlink, and with <c>--install</c> then sends
/// MODEL_INSTALL for the transaction and waits for the acknowledgements.
/// </summary>
internal static class ModelUploadCommand
{
    public static Command Create()
    {
        Argument<FileInfo> package = new("package") { Description = "Model package to upload (from `model pack`)." };
        Option<bool> install = new("--install") { Description = "Send MODEL_INSTALL for the upload once the payload has the file." };
        Option<ushort> tag = new("--tag") { Description = "Tag of the MODEL_INSTALL command.", DefaultValueFactory = _ => (ushort)1 };
        Option<ulong> entity = new("--entity") { Description = "The ground's CFDP entity ID.", DefaultValueFactory = _ => 1UL };
        Option<ulong> payloadEntity = new("--payload-entity") { Description = "The payload's CFDP entity ID (its files.entityId).", DefaultValueFactory = _ => 2UL };
        Option<int> segment = new("--segment") { Description = "File data octets per PDU (with the PDU header it must fit one TC frame).", DefaultValueFactory = _ => 512 };
        Option<double> cfdpTimeout = new("--cfdp-timeout") { Description = "Seconds of the ground's EOF ACK and NAK timers.", DefaultValueFactory = _ => 2 };
        Option<double> dropRate = new("--drop-rate") { Description = "Test bench: fraction of PDUs dropped in each direction.", DefaultValueFactory = _ => 0 };
        Option<int> dropSeed = new("--drop-seed") { Description = "Test bench: seed of the drop pattern.", DefaultValueFactory = _ => 1 };
        var uplink = new UplinkOptions(downlinkRequired: true, defaultTimeoutSeconds: 120);
        Command command = new("upload", "Upload a model package with CFDP class 2 over the authenticated uplink; --install then installs it.")
        {
            package, install, tag, entity, payloadEntity, segment, cfdpTimeout, dropRate, dropSeed,
        };
        uplink.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            TimeSpan timer = TimeSpan.FromSeconds(parse.GetValue(cfdpTimeout));
            var options = new FileUploadOptions
            {
                GroundEntityId = parse.GetValue(entity), PayloadEntityId = parse.GetValue(payloadEntity), SegmentLength = parse.GetValue(segment),
                AckTimeout = timer, NakTimeout = timer, DropRate = parse.GetValue(dropRate), DropSeed = parse.GetValue(dropSeed),
            };
            return RunAsync(parse.GetRequiredValue(package), options, parse.GetValue(install), parse.GetValue(tag), uplink.Read(parse), uplink.Timeout(parse),
                TextWriter.Synchronized(parse.InvocationConfiguration.Output), parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(FileInfo package, FileUploadOptions options, bool install, ushort tag, GroundSessionOptions settings, TimeSpan timeout,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!package.Exists)
        {
            await error.WriteLineAsync($"error: {package.FullName} does not exist").ConfigureAwait(false);
            return 2;
        }
        (GroundSession? session, int failure) = await TelecommandExchange.OpenAsync(settings, error, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return failure;
        }
        await using (session.ConfigureAwait(false))
        {
            try
            {
                using var uploader = new FileUploader(options, session.Encoder, cltu => session.SendCltu(cltu));
                session.FilePdu += uploader.ReceiveFromPayload;
                uploader.Indication += i => output.WriteLine($"  cfdp: {i.Message}");
                ulong sequence = uploader.NextSequenceNumber;
                string name = string.Create(CultureInfo.InvariantCulture, $"{sequence}-{package.Name}");
                CfdpTransactionId id = uploader.Start(package.FullName, name);
                await output.WriteLineAsync($"upload {package.FullName} ({package.Length} octets) as {name}: CFDP class 2 transaction {id} to entity {options.PayloadEntityId} via {GroundLinkAddress.Format(settings.Uplink!)}").ConfigureAwait(false);
                CfdpIndication end = await uploader.RunUntilDoneAsync(id, timeout, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{(end.Kind == CfdpIndicationKind.TransactionFinished ? "finished" : "failed")}: transaction {sequence}, {uploader.PdusSent} PDUs sent, {uploader.PdusReceived} received, {uploader.PdusDropped} dropped").ConfigureAwait(false);
                if (end.Kind != CfdpIndicationKind.TransactionFinished)
                {
                    await error.WriteLineAsync($"error: {end.Message}").ConfigureAwait(false);
                    return 1;
                }
                int exit = 0;
                if (install)
                {
                    ModelSlotCommands.PrintModelEvents(session, output);
                    byte[] data = CommandCodec.Encode(FlightDictionary.ModelInstall, tag, [sequence.ToString(CultureInfo.InvariantCulture)]);
                    CommandAcknowledgement? final = await TelecommandExchange.CommandAsync(session, settings, timeout, FlightDictionary.ModelInstall, tag, data, output, cancellationToken).ConfigureAwait(false);
                    if (final is null)
                    {
                        await error.WriteLineAsync($"error: no final acknowledgement for MODEL_INSTALL tag {tag} within {timeout.TotalSeconds} s").ConfigureAwait(false);
                    }
                    exit = final?.Stage == AcknowledgementStage.Completed ? 0 : 1;
                }
                await output.WriteLineAsync($"next security sequence {session.Encoder.NextSequenceNumber} (SPI {settings.Spi})").ConfigureAwait(false);
                return exit;
            }
            catch (TimeoutException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception e) when (e is SocketException or IOException or ArgumentException)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }
}
