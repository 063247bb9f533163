using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Commanding;

/// <summary>
/// CLTU in → <see cref="TcUplinkReceiver"/> (BCH, TC frame, HMAC with anti-replay, FARM-1 on VC 0) → command decode →
/// <see cref="CommandDispatcher"/>. Each rejection stage has its own event; nothing rejected is executed.
/// </summary>
internal sealed class CommandUplink
{
    public const byte CommandVirtualChannel = 0;

    // The largest CLTU taken: a maximum-length TC frame (1024 octets, CCSDS 232.0-B-4 §4.1.2.7) in codeblocks.
    private const int MaxTcFrameLength = 1024;
    private static readonly int MaxCltuLength = CltuEncoder.GetCltuLength(MaxTcFrameLength);

    private readonly TcUplinkReceiver receiver;
    private readonly TcFrameVerifier verifier;
    private readonly Farm1 farm;
    private readonly EventReporter events;
    private readonly CommandDispatcher dispatcher;
    private readonly byte[] workspace = new byte[TcUplinkReceiver.WorkspaceLength(MaxCltuLength)];

    public CommandUplink(ushort spacecraftId, TcKeyStore keys, TcSecurityOptions security, EventReporter events, CommandDispatcher dispatcher)
    {
        verifier = new TcFrameVerifier(keys, security);
        farm = new Farm1(CommandVirtualChannel);
        receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(new TcFrameFormat(spacecraftId)), verifier, [farm]);
        this.events = events;
        this.dispatcher = dispatcher;
    }

    public Clcw Clcw => farm.Clcw;

    public TcFrameVerifier Verifier => verifier;

    public long Received { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>Runs one CLTU through the chain; returns whether a command was dispatched.</summary>
    public bool Receive(ReadOnlySpan<byte> cltu)
    {
        Received++;
        if (cltu.Length > MaxCltuLength)
        {
            Rejected++;
            events.Emit(FlightDictionary.CltuRejected, $"CLTU of {cltu.Length} octets is longer than the {MaxCltuLength} a maximum TC frame needs");
            return false;
        }
        TcReception reception = receiver.Receive(cltu, workspace);
        if (!reception.IsAccepted)
        {
            Rejected++;
            events.Emit(RejectionEvent(reception), reception.Message);
            return false;
        }
        if (reception.Header.Type == TcFrameType.Bc)
        {
            return false;
        }
        dispatcher.Dispatch(reception.Data);
        return true;
    }

    private static EventDefinition RejectionEvent(in TcReception reception) => reception.Stage switch
    {
        TcReceptionStage.Cltu when reception.Cltu.Status == CltuDecodeStatus.UncorrectableCodeblock => FlightDictionary.BchUncorrectable,
        TcReceptionStage.Cltu => FlightDictionary.CltuRejected,
        TcReceptionStage.Frame when reception.FrameError.Field is TcFrameField.PrimaryHeader or TcFrameField.FrameLength => FlightDictionary.FrameTruncated,
        TcReceptionStage.Frame => FlightDictionary.FrameInvalid,
        TcReceptionStage.Authentication => reception.AuthFailure.Reason switch
        {
            TcAuthFailureReason.UnknownSpi => FlightDictionary.UnknownSpi,
            TcAuthFailureReason.Truncated => FlightDictionary.AuthTruncated,
            TcAuthFailureReason.BadMac => FlightDictionary.BadMac,
            TcAuthFailureReason.Replayed => FlightDictionary.Replayed,
            _ => FlightDictionary.Unauthenticated,
        },
        _ => FlightDictionary.FarmRejected,
    };
}
