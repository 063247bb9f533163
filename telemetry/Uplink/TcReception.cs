using Payload.Telemetry.Security;

namespace Payload.Telemetry.Uplink;

/// <summary>
/// The outcome of one CLTU through <see cref="TcUplinkReceiver"/>: either an accepted frame and its user data, or the
/// stage that rejected it with that stage's typed reason.
/// </summary>
public readonly ref struct TcReception
{
    internal TcReception(TcReceptionStage stage, CltuDecodeResult cltu, TcFrameError frameError, TcAuthFailure authFailure, FarmOutcome farmOutcome, TcFrameHeader header, ReadOnlySpan<byte> data)
    {
        Stage = stage;
        Cltu = cltu;
        FrameError = frameError;
        AuthFailure = authFailure;
        FarmOutcome = farmOutcome;
        Header = header;
        Data = data;
    }

    public TcReceptionStage Stage { get; }

    public bool IsAccepted => Stage == TcReceptionStage.Accepted;

    public CltuDecodeResult Cltu { get; }

    public TcFrameError FrameError { get; }

    public TcAuthFailure AuthFailure { get; }

    /// <summary>FARM-1's verdict (also set for accepted frames: AcceptedAd, AcceptedBd, Unlocked, VrSet).</summary>
    public FarmOutcome FarmOutcome { get; }

    public TcFrameHeader Header { get; }

    /// <summary>User data of an accepted Type-AD or Type-BD frame (empty for Type-BC).</summary>
    public ReadOnlySpan<byte> Data { get; }

    public string Message => Stage switch
    {
        TcReceptionStage.Accepted => $"accepted {Header.Type} frame VC {Header.VirtualChannelId} N(S) {Header.SequenceNumber}: {FarmOutcome}",
        TcReceptionStage.Cltu => Cltu.Message,
        TcReceptionStage.Frame => FrameError.Message,
        TcReceptionStage.Authentication => AuthFailure.Message,
        _ => $"FARM-1 on VC {Header.VirtualChannelId} rejected N(S) {Header.SequenceNumber}: {FarmOutcome}",
    };
}
