namespace Payload.Telemetry.Security;

/// <summary>An authentication rejection with the values that failed.</summary>
public readonly record struct TcAuthFailure(TcAuthFailureReason Reason, ushort Spi, long Value, long Expected)
{
    public string Message => Reason switch
    {
        TcAuthFailureReason.None => "authenticated",
        TcAuthFailureReason.Unauthenticated when Expected > 0 => $"TC frame has no security header: data field is {Value} octets, a security header needs {Expected}",
        TcAuthFailureReason.Unauthenticated => "TC frame carries the reserved SPI 0",
        TcAuthFailureReason.UnknownSpi => $"TC frame SPI {Spi} has no key on board",
        TcAuthFailureReason.Truncated => $"TC frame with SPI {Spi} is truncated: data field is {Value} octets, security header and MAC need more than {Expected}",
        TcAuthFailureReason.BadMac => $"TC frame with SPI {Spi}, sequence number {Value}: MAC does not verify",
        TcAuthFailureReason.Replayed => $"TC frame with SPI {Spi} replays sequence number {Value} (highest accepted {Expected})",
        _ => Reason.ToString(),
    };
}
