using Payload.Telemetry.Security;

namespace Payload.Telemetry.Uplink;

/// <summary>
/// The on-board uplink chain for one CLTU: BCH decode → TC frame parse → authentication (optional) → FARM-1 of the
/// frame's virtual channel. Every failure is reported as a typed value; nothing here throws on bad input.
/// One TC frame per CLTU: octets after the first frame are treated as fill.
/// </summary>
public sealed class TcUplinkReceiver
{
    private readonly CltuDecoder decoder;
    private readonly TcFrameParser parser;
    private readonly TcFrameVerifier? verifier;
    private readonly Farm1?[] farms = new Farm1?[TcFrameLayout.MaxVirtualChannelId + 1];

    /// <param name="verifier">Null only for unauthenticated test set-ups; flight configurations always pass one.</param>
    public TcUplinkReceiver(CltuDecoder decoder, TcFrameParser parser, TcFrameVerifier? verifier, IEnumerable<Farm1> farms)
    {
        this.decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        this.parser = parser ?? throw new ArgumentNullException(nameof(parser));
        this.verifier = verifier;
        ArgumentNullException.ThrowIfNull(farms);
        foreach (Farm1 farm in farms)
        {
            if (this.farms[farm.VirtualChannelId] is not null)
            {
                throw new ArgumentException($"two FARMs for VC {farm.VirtualChannelId}", nameof(farms));
            }

            this.farms[farm.VirtualChannelId] = farm;
        }
    }

    /// <summary>Workspace octets needed for CLTUs of up to <paramref name="cltuLength"/> octets.</summary>
    public static int WorkspaceLength(int cltuLength) => Math.Max(cltuLength, CltuLayout.CodeblockLength);

    public Farm1? FarmFor(byte virtualChannelId) => virtualChannelId < farms.Length ? farms[virtualChannelId] : null;

    /// <summary>Runs one CLTU through the chain; <paramref name="workspace"/> receives the decoded frame and must outlive the result.</summary>
    public TcReception Receive(ReadOnlySpan<byte> cltu, Span<byte> workspace)
    {
        CltuDecodeResult decoded = decoder.Decode(cltu, workspace);
        if (!decoded.IsDecoded)
        {
            return new TcReception(TcReceptionStage.Cltu, decoded, default, default, default, default, default);
        }

        if (!parser.TryParse(workspace[..decoded.DataLength], out TcFrame frame, out TcFrameError frameError))
        {
            return new TcReception(TcReceptionStage.Frame, decoded, frameError, default, default, default, default);
        }

        TcFrameHeader header = frame.Header;
        ReadOnlySpan<byte> data = frame.DataField;
        ushort spi = 0;
        uint sequenceNumber = 0;
        if (verifier is not null)
        {
            if (!verifier.TryVerify(frame, out TcVerifiedFrame verified, out TcAuthFailure authFailure))
            {
                return new TcReception(TcReceptionStage.Authentication, decoded, default, authFailure, default, header, default);
            }

            data = verified.Data;
            spi = verified.Spi;
            sequenceNumber = verified.SequenceNumber;
        }

        Farm1? farm = farms[header.VirtualChannelId];
        if (farm is null)
        {
            return new TcReception(TcReceptionStage.Farm, decoded, default, default, FarmOutcome.WrongVirtualChannel, header, default);
        }

        FarmOutcome outcome = farm.Process(header, data);
        bool accepted = outcome is FarmOutcome.AcceptedAd or FarmOutcome.AcceptedBd or FarmOutcome.Unlocked
            or FarmOutcome.VrSet or FarmOutcome.VrSetIgnoredInLockout;
        if (!accepted)
        {
            return new TcReception(TcReceptionStage.Farm, decoded, default, default, outcome, header, default);
        }

        verifier?.RecordAccepted(spi, sequenceNumber);
        return new TcReception(TcReceptionStage.Accepted, decoded, default, default, outcome, header, header.Type == TcFrameType.Bc ? default : data);
    }
}
