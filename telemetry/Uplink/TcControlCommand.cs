namespace Payload.Telemetry.Uplink;

/// <summary>A COP-1 control command carried in a Type-BC frame (CCSDS 232.0-B-4 §4.1.3.3).</summary>
public readonly record struct TcControlCommand(TcControlCommandKind Kind, byte ReceiverFrameSequenceNumber)
{
    // §4.1.3.3.2: Unlock is the single octet 0000 0000.
    private const byte UnlockOctet = 0x00;

    // §4.1.3.3.3: Set V(R) is 1000 0010, 0000 0000, then the new V(R).
    private const byte SetVrOctet0 = 0x82;
    private const byte SetVrOctet1 = 0x00;
    private const int SetVrLength = 3;

    public static TcControlCommand Unlock => new(TcControlCommandKind.Unlock, 0);

    public static TcControlCommand SetVr(byte value) => new(TcControlCommandKind.SetVr, value);

    public int Length => Kind == TcControlCommandKind.Unlock ? 1 : SetVrLength;

    public int Write(Span<byte> destination)
    {
        if (Kind == TcControlCommandKind.Unlock)
        {
            destination[0] = UnlockOctet;
            return 1;
        }

        destination[0] = SetVrOctet0;
        destination[1] = SetVrOctet1;
        destination[2] = ReceiverFrameSequenceNumber;
        return SetVrLength;
    }

    /// <summary>Recognises exactly the two legal encodings; anything else is not a control command.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out TcControlCommand command)
    {
        if (data.Length == 1 && data[0] == UnlockOctet)
        {
            command = Unlock;
            return true;
        }

        if (data.Length == SetVrLength && data[0] == SetVrOctet0 && data[1] == SetVrOctet1)
        {
            command = SetVr(data[2]);
            return true;
        }

        command = default;
        return false;
    }
}
