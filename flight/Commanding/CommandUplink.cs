using Payload.Flight.Dictionary;
using Payload.Flight.Files;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Commanding;

/// <summary>
/// CLTU in → <see cref="TcUplinkReceiver"/> (BCH, TC frame, HMAC with anti-replay, FARM-1 on VC 0) → command decode →
/// <see cref="CommandDispatcher"/>. Frames on the file VC carry CFDP PDUs, authenticated the same way, and go to
/// <see cref="Files"/>. Each rejection stage has its own event; nothing rejected is executed.
/// </summary>
internal sealed class CommandUplink
{
    public const byte CommandVirtualChannel = 0;

    /// <summary>TC VC of CFDP PDUs from the ground (one PDU per frame).</summary>
    public const byte FileVirtualChannel = 1;

    // The largest CLTU taken: a maximum-length TC frame (1024 octets, CCSDS 232.0-B-4 §4.1.2.7) in codeblocks.
    public const int MaxTcFrameLength = 1024;
    private static readonly int MaxCltuLength = CltuEncoder.GetCltuLength(MaxTcFrameLength);

    private readonly TcUplinkReceiver receiver;
    private readonly TcFrameVerifier verifier;
    private readonly Farm1 farm;
    private readonly Farm1 fileFarm;
    private readonly EventReporter events;
    private readonly CommandDispatcher dispatcher;
    private readonly byte[] workspace = new byte[TcUplinkReceiver.WorkspaceLength(MaxCltuLength)];

    public CommandUplink(ushort spacecraftId, TcKeyStore keys, TcSecurityOptions security, EventReporter events, CommandDispatcher dispatcher)
    {
        verifier = new TcFrameVerifier(keys, security);
        farm = new Farm1(CommandVirtualChannel);
        fileFarm = new Farm1(FileVirtualChannel);
        receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(new TcFrameFormat(spacecraftId)), verifier, [farm, fileFarm]);
        this.events = events;
        this.dispatcher = dispatcher;
    }

    public Clcw Clcw => farm.Clcw;

    public TcFrameVerifier Verifier => verifier;

    public long Received { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>Accepted frames on the file VC.</summary>
    public long FilePdus { get; private set; }

    /// <summary>Where CFDP PDUs from the file VC go; without it such frames are rejected.</summary>
    public FileDelivery? Files { get; set; }

    /// <summary>Runs one CLTU through the chain; returns whether a command was dispatched (a file PDU counts in <see cref="FilePdus"/>).</summary>
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
        if (reception.Header.VirtualChannelId == FileVirtualChannel)
        {
            if (Files is null)
            {
                Rejected++;
                events.Emit(FlightDictionary.FilePduRejected, $"frame on file VC {FileVirtualChannel}: no file delivery on board");
                return false;
            }
            FilePdus++;
            Files.Receive(reception.Data);
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
