using System.Buffers.Binary;

namespace Payload.Telemetry.Uplink;

/// <summary>
/// Communications Link Control Word (CCSDS 232.0-B-4 §4.2): FARM-1 status reported to the ground in the TM frames'
/// operational control field.
/// </summary>
public readonly record struct Clcw(
    byte VirtualChannelId,
    byte ReportValue,
    bool Lockout,
    bool Wait,
    bool Retransmit,
    byte FarmBCounter,
    bool NoRfAvailable = false,
    bool NoBitLock = false,
    byte Status = 0)
{
    /// <summary>§4.2.1: the CLCW is 4 octets.</summary>
    public const int Length = 4;

    // §4.2.1.2–§4.2.1.14 bit positions, counted from the MSB (bit 0) of the 32-bit word.
    private const int ControlWordTypeShift = 31;
    private const int VersionShift = 29;
    private const int StatusShift = 26;
    private const int CopInEffectShift = 24;
    private const int VirtualChannelShift = 18;
    private const int NoRfShift = 15;
    private const int NoBitLockShift = 14;
    private const int LockoutShift = 13;
    private const int WaitShift = 12;
    private const int RetransmitShift = 11;
    private const int FarmBShift = 9;

    /// <summary>§4.2.1.5: COP in effect '01' = COP-1.</summary>
    private const uint CopOne = 0b01;

    public uint ToWord() =>
        ((uint)(Status & 0b111) << StatusShift)
        | (CopOne << CopInEffectShift)
        | ((uint)(VirtualChannelId & TcFrameLayout.MaxVirtualChannelId) << VirtualChannelShift)
        | (NoRfAvailable ? 1u << NoRfShift : 0)
        | (NoBitLock ? 1u << NoBitLockShift : 0)
        | (Lockout ? 1u << LockoutShift : 0)
        | (Wait ? 1u << WaitShift : 0)
        | (Retransmit ? 1u << RetransmitShift : 0)
        | ((uint)(FarmBCounter & 0b11) << FarmBShift)
        | ReportValue;

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, ToWord());

    /// <summary>Reads a CLCW; false when the word is not a version-1 CLCW for COP-1 (type bit, version or COP field wrong).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out Clcw clcw)
    {
        clcw = default;
        if (source.Length < Length)
        {
            return false;
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(source);
        if ((word >> ControlWordTypeShift) != 0 || ((word >> VersionShift) & 0b11) != 0 || ((word >> CopInEffectShift) & 0b11) != CopOne)
        {
            return false;
        }

        clcw = new Clcw(
            (byte)((word >> VirtualChannelShift) & TcFrameLayout.MaxVirtualChannelId),
            (byte)word,
            ((word >> LockoutShift) & 1) != 0,
            ((word >> WaitShift) & 1) != 0,
            ((word >> RetransmitShift) & 1) != 0,
            (byte)((word >> FarmBShift) & 0b11),
            ((word >> NoRfShift) & 1) != 0,
            ((word >> NoBitLockShift) & 1) != 0,
            (byte)((word >> StatusShift) & 0b111));
        return true;
    }
}
