using System.Buffers.Binary;
using System.Security.Cryptography;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Security;

/// <summary>
/// Flight side of TC authentication: checks the security header, the HMAC-SHA-256 trailer over header and data, and the
/// anti-replay window. Sequence numbers are recorded only through <see cref="RecordAccepted"/>, after FARM-1 has accepted
/// the frame, so a COP-1 retransmission of a frame the FARM discarded is not mistaken for a replay.
/// </summary>
public sealed class TcFrameVerifier(TcKeyStore keys, TcSecurityOptions options)
{
    private readonly TcKeyStore keys = keys ?? throw new ArgumentNullException(nameof(keys));
    private readonly Dictionary<ushort, AntiReplayWindow> windows = [];

    public TcSecurityOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public bool TryVerify(scoped in TcFrame frame, out TcVerifiedFrame verified, out TcAuthFailure failure)
    {
        verified = default;
        ReadOnlySpan<byte> field = frame.DataField;
        if (field.Length < TcSecurityLayout.HeaderLength)
        {
            failure = new TcAuthFailure(TcAuthFailureReason.Unauthenticated, 0, field.Length, TcSecurityLayout.HeaderLength);
            return false;
        }

        ushort spi = BinaryPrimitives.ReadUInt16BigEndian(field);
        uint sequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(field[TcSecurityLayout.SpiLength..]);
        if (spi == TcSecurityLayout.ReservedSpi)
        {
            failure = new TcAuthFailure(TcAuthFailureReason.Unauthenticated, spi, 0, 0);
            return false;
        }

        if (!keys.TryGetKey(spi, out byte[] key))
        {
            failure = new TcAuthFailure(TcAuthFailureReason.UnknownSpi, spi, spi, 0);
            return false;
        }

        int macLength = Options.MacLength;
        if (field.Length <= TcSecurityLayout.HeaderLength + macLength)
        {
            failure = new TcAuthFailure(TcAuthFailureReason.Truncated, spi, field.Length, TcSecurityLayout.HeaderLength + macLength);
            return false;
        }

        int covered = frame.HeaderLength + field.Length - macLength;
        Span<byte> mac = stackalloc byte[TcSecurityLayout.FullMacLength];
        HMACSHA256.HashData(key, frame.Frame[..covered], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..macLength], field[^macLength..]))
        {
            failure = new TcAuthFailure(TcAuthFailureReason.BadMac, spi, sequenceNumber, 0);
            return false;
        }

        windows.TryGetValue(spi, out AntiReplayWindow window);
        if (!window.IsFresh(sequenceNumber, Options.ReplayWindow))
        {
            failure = new TcAuthFailure(TcAuthFailureReason.Replayed, spi, sequenceNumber, window.Highest);
            return false;
        }

        verified = new TcVerifiedFrame(spi, sequenceNumber, field[TcSecurityLayout.HeaderLength..^macLength]);
        failure = default;
        return true;
    }

    /// <summary>
    /// The highest sequence number recorded for <paramref name="spi"/>; the executive checkpoints it and, after a reset,
    /// hands it to <see cref="RestoreHighestAccepted"/> so frames from before the reset cannot be replayed.
    /// </summary>
    public bool TryGetHighestAccepted(ushort spi, out uint sequenceNumber)
    {
        bool known = windows.TryGetValue(spi, out AntiReplayWindow window);
        sequenceNumber = window.Highest;
        return known;
    }

    /// <summary>After a reset: treats every sequence number up to <paramref name="sequenceNumber"/> as already used.</summary>
    public void RestoreHighestAccepted(ushort spi, uint sequenceNumber) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(windows, spi, out _).Restore(sequenceNumber);

    /// <summary>Marks a verified frame's sequence number as used; call once the frame has been accepted for execution.</summary>
    public void RecordAccepted(ushort spi, uint sequenceNumber)
    {
        ref AntiReplayWindow window = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(windows, spi, out _);
        window.Record(sequenceNumber);
    }
}
