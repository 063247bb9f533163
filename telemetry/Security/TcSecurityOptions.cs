namespace Payload.Telemetry.Security;

/// <summary>Managed parameters of the authentication service.</summary>
public sealed record TcSecurityOptions
{
    private readonly int macLength = 16;
    private readonly int replayWindow = 64;

    /// <summary>Octets of the HMAC-SHA-256 kept in the trailer (8..32).</summary>
    public int MacLength
    {
        get => macLength;
        init => macLength = value is >= 8 and <= TcSecurityLayout.FullMacLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MacLength), value, "MAC length must be 8..32 octets");
    }

    /// <summary>How far below the highest accepted sequence number a late, unseen frame is still accepted (1..64).</summary>
    public int ReplayWindow
    {
        get => replayWindow;
        init => replayWindow = value is >= 1 and <= 64
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReplayWindow), value, "anti-replay window must be 1..64 sequence numbers");
    }

    /// <summary>Octets the security header and trailer add to each frame.</summary>
    public int Overhead => TcSecurityLayout.HeaderLength + MacLength;
}
