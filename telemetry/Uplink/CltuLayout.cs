namespace Payload.Telemetry.Uplink;

/// <summary>CLTU structure constants from CCSDS 231.0-B-4 (TC Synchronization and Channel Coding).</summary>
internal static class CltuLayout
{
    /// <summary>§5.2.2: start sequence 1110 1011 1001 0000.</summary>
    public const ushort StartSequence = 0xEB90;

    public const int StartSequenceLength = 2;

    /// <summary>§5.2.4: tail sequence, a non-codeword chosen so the decoder sees it as uncorrectable.</summary>
    public const ulong TailSequence = 0xC5C5C5C5C5C5C579;

    /// <summary>§4.3.3: fill octets 0101 0101 complete the last codeblock's information field.</summary>
    public const byte FillOctet = 0x55;

    /// <summary>§4.3.1: BCH(63,56) codeblock = 56 information bits + 7 parity bits + 1 filler bit.</summary>
    public const int InformationLength = 7;

    public const int CodeblockLength = 8;

    public static int CodeblockCount(int dataLength) => (dataLength + InformationLength - 1) / InformationLength;

    public static int Length(int dataLength) => StartSequenceLength + (CodeblockCount(dataLength) * CodeblockLength) + CodeblockLength;
}
