using System.Net;
using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Security;

namespace Payload.GroundTest.Uplink;

/// <summary>
/// The ground's link to the payload for one command-line run: signed CLTUs up (commands on TC VC 0, CFDP PDUs on VC 1,
/// one security sequence for both) and, when a downlink is given, acknowledgements, events and CFDP PDUs down.
/// </summary>
internal sealed class PayloadSession : IAsyncDisposable
{
    private static readonly DateTimeOffset SequenceEpoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly UplinkSettings settings;
    private readonly UdpClient? udp;
    private readonly IPEndPoint? udpTarget;
    private readonly TcpClient? tcp;
    private readonly ICaduSource? source;
    private readonly CancellationTokenSource stop = new();
    private readonly Task receiving = Task.CompletedTask;
    private readonly object gate = new();
    private readonly List<CommandAcknowledgement> acknowledgements = [];
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PayloadSession(UplinkSettings settings, CommandCltuEncoder encoder, UdpClient? udp, IPEndPoint? udpTarget, TcpClient? tcp, ICaduSource? source)
    {
        this.settings = settings;
        Encoder = encoder;
        this.udp = udp;
        this.udpTarget = udpTarget;
        this.tcp = tcp;
        this.source = source;
        if (source is not null)
        {
            var decoder = new GroundTelemetryDecoder(settings.SpacecraftId);
            decoder.Acknowledgement += Arrive;
            decoder.Event += (id, severity, text) => Event?.Invoke(id, severity, text);
            decoder.FilePdu += pdu => FilePdu?.Invoke(pdu);
            receiving = decoder.ReadFromAsync(source, stop.Token);
        }
    }

    public CommandCltuEncoder Encoder { get; }

    public bool HearsDownlink => source is not null;

    /// <summary>Events from the payload, on the downlink's thread.</summary>
    public event Action<ushort, EventSeverity, string>? Event;

    /// <summary>CFDP PDUs from the payload, on the downlink's thread.</summary>
    public event Action<byte[]>? FilePdu;

    /// <summary>Loads the key, connects the uplink and starts hearing the downlink.</summary>
    /// <exception cref="KeyFileException">The key file is unusable.</exception>
    /// <exception cref="FormatException">An address is not udp://HOST:PORT or tcp://HOST:PORT.</exception>
    public static async Task<PayloadSession> OpenAsync(UplinkSettings settings, CancellationToken cancellationToken)
    {
        uint sequence = settings.Sequence ?? (uint)((DateTimeOffset.UtcNow - SequenceEpoch).Ticks / (TimeSpan.TicksPerSecond / 10));
        var encoder = new CommandCltuEncoder(settings.SpacecraftId, TcKeyStore.Load(settings.KeyFile.FullName), settings.Spi, sequence);
        (string scheme, IPEndPoint target) = ParseUplink(settings.To);
        ICaduSource? source = settings.Downlink is null ? null : await CaduLinkAddress.OpenSourceAsync(settings.Downlink, cancellationToken).ConfigureAwait(false);
        try
        {
            if (scheme == "udp")
            {
                return new PayloadSession(settings, encoder, new UdpClient(target.AddressFamily), target, null, source);
            }
            var tcp = new TcpClient(target.AddressFamily);
            await tcp.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return new PayloadSession(settings, encoder, null, null, tcp, source);
        }
        catch
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>Puts one CLTU on the uplink.</summary>
    public void SendCltu(byte[] cltu)
    {
        if (udp is not null)
        {
            udp.Send(cltu, udpTarget);
        }
        else
        {
            tcp!.GetStream().Write(cltu);
        }
    }

    /// <summary>
    /// Sends encoded command data in a signed CLTU and, when the downlink is heard, waits for its final acknowledgement
    /// (each stage printed to <paramref name="output"/>). Null when nothing final came within the timeout or no downlink is heard.
    /// </summary>
    public async Task<CommandAcknowledgement?> CommandAsync(CommandDefinition command, ushort tag, byte[] data, TextWriter output, CancellationToken cancellationToken)
    {
        byte[] cltu = Encoder.Encode(data);
        await output.WriteLineAsync($"{command.Name} (opcode 0x{command.Opcode:X4}) tag {tag}, SPI {settings.Spi} sequence {Encoder.NextSequenceNumber - 1}: {cltu.Length}-octet CLTU to {settings.To}").ConfigureAwait(false);
        SendCltu(cltu);
        if (source is null)
        {
            return null;
        }
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
            return null;
        }
    }

    private void Arrive(CommandAcknowledgement acknowledgement)
    {
        lock (gate)
        {
            acknowledgements.Add(acknowledgement);
            TaskCompletionSource done = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            done.TrySetResult();
        }
    }

    private static (string Scheme, IPEndPoint Target) ParseUplink(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("udp" or "tcp") || uri.Port <= 0 || !IPAddress.TryParse(uri.Host, out IPAddress? host))
        {
            throw new FormatException($"uplink address '{address}' is not udp://HOST:PORT or tcp://HOST:PORT with an IP address");
        }
        return (uri.Scheme, new IPEndPoint(host, uri.Port));
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
        catch (OperationCanceledException)
        {
            // stopped
        }
        udp?.Dispose();
        tcp?.Dispose();
        stop.Dispose();
    }
}
