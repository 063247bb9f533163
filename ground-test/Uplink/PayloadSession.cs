using System.Collections.Concurrent;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.GroundTest.Station;
using Payload.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Uplink;

/// <summary>
/// The ground's link to the payload for one command-line run (<c>send</c>, <c>model ...</c>): signed CLTUs up and, when a
/// downlink is given, acknowledgements, events, CFDP PDUs and the CLCW down. With a downlink commands go through COP-1
/// (<see cref="Cop1CommandLink"/>, Type-AD on TC VC 0, as in <c>run</c>); without one there is no CLCW to follow and a
/// command is sent once as Type-BD. CFDP PDUs travel as Type-BD on TC VC 1. One security sequence covers all of it,
/// and the next number is recorded in <see cref="SecuritySequenceFile"/> when the session ends.
/// </summary>
internal sealed class PayloadSession : IAsyncDisposable
{
    private readonly UplinkSettings settings;
    private readonly CltuTransmitter transmitter;
    private readonly ICaduSource? source;
    private readonly GroundTelemetryDecoder? decoder;
    private readonly Cop1CommandLink? cop1;
    private readonly CancellationTokenSource stop = new();
    private readonly Task receiving = Task.CompletedTask;
    private readonly object gate = new();
    private readonly object uplinkGate = new();
    private readonly List<CommandAcknowledgement> acknowledgements = [];
    private readonly ConcurrentDictionary<ushort, bool> acknowledgedTags = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PayloadSession(UplinkSettings settings, CommandCltuEncoder encoder, CltuTransmitter transmitter, ICaduSource? source)
    {
        this.settings = settings;
        Encoder = encoder;
        this.transmitter = transmitter;
        this.source = source;
        if (source is not null)
        {
            decoder = new GroundTelemetryDecoder(settings.SpacecraftId);
            decoder.Acknowledgement += Arrive;
            decoder.Event += (id, severity, text) => Event?.Invoke(id, severity, text);
            decoder.FilePdu += pdu => FilePdu?.Invoke(pdu);
            cop1 = new Cop1CommandLink(
                new SerialisedWriter(encoder.FrameWriter, uplinkGate),
                new SerialisedSink(transmitter, uplinkGate),
                new FopOptions { VirtualChannelId = CommandCltuEncoder.CommandVirtualChannel, Timeout = TimeSpan.FromSeconds(2), TransmissionLimit = 20 },
                data => !acknowledgedTags.ContainsKey(Cop1CommandLink.TagOf(data.Span)),
                TimeProvider.System);
            receiving = ReceiveAsync(source, stop.Token);
        }
    }

    /// <summary>Signs CFDP PDUs (and Type-BD commands); its counter is the session's security sequence.</summary>
    public CommandCltuEncoder Encoder { get; }

    public bool HearsDownlink => source is not null;

    /// <summary>Events from the payload, on the downlink's thread.</summary>
    public event Action<ushort, EventSeverity, string>? Event;

    /// <summary>CFDP PDUs from the payload, on the downlink's thread.</summary>
    public event Action<byte[]>? FilePdu;

    /// <summary>Loads the key, picks the first security sequence number, connects the uplink and starts hearing the downlink.</summary>
    /// <exception cref="KeyFileException">The key file is unusable.</exception>
    /// <exception cref="FormatException">An address is not udp://HOST:PORT or tcp://HOST:PORT, or the sequence file is malformed.</exception>
    public static async Task<PayloadSession> OpenAsync(UplinkSettings settings, CancellationToken cancellationToken)
    {
        TcKeyStore keys = TcKeyStore.Load(settings.KeyFile.FullName);
        uint sequence = SecuritySequenceFile.First(settings.KeyFile.FullName, settings.Spi, settings.Sequence, DateTimeOffset.UtcNow);
        var encoder = new CommandCltuEncoder(settings.SpacecraftId, keys, settings.Spi, sequence);
        CltuTransmitter transmitter = CltuTransmitter.Open(settings.To);
        try
        {
            ICaduSource? source = settings.Downlink is null ? null : await CaduLinkAddress.OpenSourceAsync(settings.Downlink, cancellationToken).ConfigureAwait(false);
            return new PayloadSession(settings, encoder, transmitter, source);
        }
        catch
        {
            transmitter.Dispose();
            throw;
        }
    }

    /// <summary>Puts one CLTU (a CFDP PDU's) on the uplink.</summary>
    public void SendCltu(byte[] cltu)
    {
        lock (uplinkGate)
        {
            transmitter.SendCltu(cltu);
        }
    }

    /// <summary>
    /// Sends encoded command data — through COP-1 when the downlink is heard, otherwise once as Type-BD — and, with a
    /// downlink, waits for its final acknowledgement (each stage printed to <paramref name="output"/>). Null when nothing
    /// final came within the timeout or no downlink is heard.
    /// </summary>
    public async Task<CommandAcknowledgement?> CommandAsync(CommandDefinition command, ushort tag, byte[] data, TextWriter output, CancellationToken cancellationToken)
    {
        string head = $"{command.Name} (opcode 0x{command.Opcode:X4}) tag {tag}, SPI {settings.Spi}";
        if (cop1 is null)
        {
            byte[] cltu;
            lock (uplinkGate)
            {
                cltu = Encoder.Encode(data);
            }

            await output.WriteLineAsync($"{head} sequence {Encoder.NextSequenceNumber - 1}: {cltu.Length}-octet Type-BD CLTU to {settings.To}").ConfigureAwait(false);
            long failed = transmitter.Failed;
            SendCltu(cltu);
            if (transmitter.Failed != failed)
            {
                // Sent once with nothing to retransmit it: say so rather than report success.
                throw new IOException($"the CLTU could not be sent to {settings.To}");
            }

            return null;
        }

        await output.WriteLineAsync($"{head} from sequence {Encoder.NextSequenceNumber}: COP-1 Type-AD to {settings.To}, CLCWs from {settings.Downlink}").ConfigureAwait(false);
        acknowledgedTags.TryRemove(tag, out _);
        cop1.Submit(data);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.Timeout);
        int printed = 0;
        try
        {
            while (true)
            {
                Task next;
                List<CommandAcknowledgement> mine;
                lock (gate)
                {
                    mine = acknowledgements.Where(a => a.Opcode == command.Opcode && a.Tag == tag).ToList();
                    next = arrived.Task;
                }

                foreach (CommandAcknowledgement ack in mine.Skip(printed))
                {
                    await output.WriteLineAsync($"  {ack.Stage}{(ack.Reason.Length > 0 ? ": " + ack.Reason : "")}").ConfigureAwait(false);
                    printed++;
                    if (ack.Stage != AcknowledgementStage.Accepted)
                    {
                        return ack;
                    }
                }

                await next.WaitAsync(limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Given up: COP-1 must not send it again after a re-initiation.
            acknowledgedTags[tag] = true;
            return null;
        }
    }

    /// <summary>The uplink's FOP-1 state (Initial without a downlink).</summary>
    public FopState UplinkState => cop1?.State ?? FopState.Initial;

    private async Task ReceiveAsync(ICaduSource from, CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (true)
        {
            System.IO.Pipelines.ReadResult result = await from.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            long frames = decoder!.Statistics.FramesAccepted;
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                decoder.Push(segment.Span);
            }

            from.Reader.AdvanceTo(result.Buffer.End);
            if (decoder.Statistics.FramesAccepted != frames && decoder.LastClcw is Clcw clcw)
            {
                cop1!.OnClcw(clcw);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private void Arrive(CommandAcknowledgement acknowledgement)
    {
        acknowledgedTags[acknowledgement.Tag] = true;
        lock (gate)
        {
            acknowledgements.Add(acknowledgement);
            TaskCompletionSource done = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (source is not null)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await receiving.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // stopped (the source's reader completes when the source is disposed)
        }

        cop1?.Dispose();
        lock (uplinkGate)
        {
            SecuritySequenceFile.Record(settings.KeyFile.FullName, settings.Spi, Encoder.NextSequenceNumber);
            transmitter.Dispose();
        }

        stop.Dispose();
    }

    /// <summary>FOP-1's frame writer, serialised with the CFDP PDUs and Type-BD commands signed from other threads.</summary>
    private sealed class SerialisedWriter(ITcFrameWriter inner, object gate) : ITcFrameWriter
    {
        public int GetFrameLength(TcFrameType type, int dataLength) => inner.GetFrameLength(type, dataLength);

        public int Write(in TcFrameHeader header, ReadOnlySpan<byte> data, Span<byte> destination)
        {
            lock (gate)
            {
                return inner.Write(header, data, destination);
            }
        }
    }

    private sealed class SerialisedSink(ITcFrameSink inner, object gate) : ITcFrameSink
    {
        public void Transmit(ReadOnlySpan<byte> frame)
        {
            lock (gate)
            {
                inner.Transmit(frame);
            }
        }
    }
}
