using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Commanding;

/// <summary>
/// Ground side of commanding: puts encoded command data into a signed TC frame on the command VC and wraps it in a
/// CLTU. Type-BD (bypass) by default, which needs no COP-1 state; Type-AD with an explicit N(S) for sequenced use.
/// CFDP PDUs go the same way on the file VC, so commands and files share one security sequence.
/// </summary>
public sealed class CommandCltuEncoder
{
    private readonly TcFrameSigner signer;
    private readonly CltuEncoder cltu = new();

    public CommandCltuEncoder(ushort spacecraftId, TcKeyStore keys, ushort spi, uint firstSequenceNumber)
    {
        signer = new TcFrameSigner(new TcFrameFormat(spacecraftId), keys, spi, new TcSecurityOptions(), firstSequenceNumber);
    }

    /// <summary>The TC virtual channel commands travel on (FARM-1 with COP-1 on board).</summary>
    public const byte CommandVirtualChannel = CommandUplink.CommandVirtualChannel;

    /// <summary>The security sequence number the next frame will carry; persist it between sessions.</summary>
    public uint NextSequenceNumber => signer.NextSequenceNumber;

    /// <summary>
    /// The signer itself, for a COP-1 FOP that writes its own Type-AD frames with the same security sequence (one
    /// counter for commands and CFDP PDUs). Not thread-safe: callers serialise their use of it.
    /// </summary>
    public ITcFrameWriter FrameWriter => signer;

    /// <summary>Octets of a CFDP PDU that still fit a maximum-length TC frame .</summary>
    public int MaxFilePduLength => CommandUplink.MaxTcFrameLength - signer.GetFrameLength(TcFrameType.Bd, 0);

    public byte[] Encode(ReadOnlySpan<byte> commandData, TcFrameType type = TcFrameType.Bd, byte frameSequenceNumber = 0) =>
        Encode(CommandUplink.CommandVirtualChannel, commandData, type, frameSequenceNumber);

    /// <summary>One CFDP PDU in a signed Type-BD frame on the file VC, in a CLTU.</summary>
    public byte[] EncodeFilePdu(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length > MaxFilePduLength)
        {
            throw new ArgumentException($"CFDP PDU of {pdu.Length} octets does not fit a TC frame; at most {MaxFilePduLength}", nameof(pdu));
        }
        return Encode(CommandUplink.FileVirtualChannel, pdu, TcFrameType.Bd, 0);
    }

    private byte[] Encode(byte virtualChannel, ReadOnlySpan<byte> data, TcFrameType type, byte frameSequenceNumber)
    {
        var frame = new byte[signer.GetFrameLength(type, data.Length)];
        int length = signer.Write(new TcFrameHeader(type, virtualChannel, frameSequenceNumber), data, frame);
        var output = new byte[CltuEncoder.GetCltuLength(length)];
        cltu.Encode(frame.AsSpan(0, length), output);
        return output;
    }
}
