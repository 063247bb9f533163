using System.Buffers.Binary;
using System.Text;

namespace Payload.Flight.Commanding;

/// <summary>
/// A command acknowledgement (opcode u16, tag u16, stage u8, reason length u16, UTF-8 reason). The tag is chosen by the
/// ground and echoed so it can match acknowledgements to what it sent.
/// </summary>
public sealed record CommandAcknowledgement(ushort Opcode, ushort Tag, AcknowledgementStage Stage, string Reason)
{
    private const int HeaderLength = 7;
    private const int MaxReasonLength = 512;

    public byte[] Encode()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(Reason);
        int length = Math.Min(utf8.Length, MaxReasonLength);
        var packet = new byte[HeaderLength + length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, Opcode);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Tag);
        packet[4] = (byte)Stage;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(5), (ushort)length);
        utf8.AsSpan(0, length).CopyTo(packet.AsSpan(HeaderLength));
        return packet;
    }

    public static bool TryDecode(ReadOnlySpan<byte> data, out CommandAcknowledgement? acknowledgement)
    {
        acknowledgement = null;
        if (data.Length < HeaderLength)
        {
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[5..]);
        if (data.Length < HeaderLength + length || !Enum.IsDefined((AcknowledgementStage)data[4]))
        {
            return false;
        }
        acknowledgement = new CommandAcknowledgement(
            BinaryPrimitives.ReadUInt16BigEndian(data),
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            (AcknowledgementStage)data[4],
            Encoding.UTF8.GetString(data.Slice(HeaderLength, length)));
        return true;
    }

    public override string ToString() => $"opcode 0x{Opcode:X4} tag {Tag}: {Stage}{(Reason.Length > 0 ? " (" + Reason + ")" : "")}";
}
