namespace Payload.Telemetry.Packets;

/// <summary>A CCSDS Unsegmented Time Code value: whole seconds and binary fractions of a second since the epoch.</summary>
/// <param name="Coarse">Whole seconds since the epoch (up to four octets).</param>
/// <param name="Fine">Fraction of a second in units of 2^-(8·fine octets) (up to three octets).</param>
public readonly record struct CucTime(uint Coarse, uint Fine);
