namespace Payload.Telemetry.Security;

/// <summary>Security header and trailer layout, after CCSDS 355.0-B-2 (SDLS) §4.1 with HMAC-SHA-256 authentication.</summary>
internal static class TcSecurityLayout
{
    /// <summary>§4.1.1.2: Security Parameter Index, 16 bits.</summary>
    public const int SpiLength = 2;

    /// <summary>§4.1.1.4: anti-replay sequence number; 32 bits is our managed choice.</summary>
    public const int SequenceNumberLength = 4;

    public const int HeaderLength = SpiLength + SequenceNumberLength;

    /// <summary>§4.1.1.2.3: SPI 0 is reserved and never names a security association.</summary>
    public const ushort ReservedSpi = 0;

    /// <summary>HMAC-SHA-256 output; the trailer carries its first MacLength octets (§4.1.2, truncation per managed parameter).</summary>
    public const int FullMacLength = 32;
}
