using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Commanding;

/// <summary>
/// Ground side of commanding: puts encoded command data into a signed TC frame on the command VC and wraps it in a
/// CLTU. Type-BD (bypass) by default, which needs no COP-1 state; Type-AD with an explicit N(S) for sequenced use.
/// CFDP PDUs go the same way on the file VC, so commands and files share one security sequence. Thread-safe: COP-1's
/// timer, a CFDP entity and the operator's commands may all sign at once, and each frame still gets its own number.
/// </summary>
public sealed class CommandCltuEncoder
{
    private readonly TcFrameSigner signer;
    private readonly CltuEncoder cltu = new();
    private readonly Lock gate = new();

    public CommandCltuEncoder(ushort spacecraftId, TcKeyStore keys, ushort spi, uint firstSequenceNumber)
    {
        signer = new TcFrameSigner(new TcFrameFormat(spacecraftId), keys, spi, new TcSecurityOptions(), firstSequenceNumber);
        FrameWriter = new SerialisedWriter(signer, gate);
    }

    /// <summary>The TC virtual channel commands travel on (FARM-1 with COP-1 on board).</summary>
    public const byte CommandVirtualChannel = CommandUplink.CommandVirtualChannel;

    /// <summary>The security sequence number the next frame will carry; persist it between sessions.</summary>
    public uint NextSequenceNumber
    {
        get
        {
            lock (gate)
            {
                return signer.NextSequenceNumber;
            }
        }
    }

    /// <summary>
    /// The signer, for a COP-1 FOP that writes its own Type-AD frames with the same security sequence (one counter for
    /// commands and CFDP PDUs), serialised with this encoder's own frames.
    /// </summary>
    public ITcFrameWriter FrameWriter { get; }

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
        int length = FrameWriter.Write(new TcFrameHeader(type, virtualChannel, frameSequenceNumber), data, frame);
        var output = new byte[CltuEncoder.GetCltuLength(length)];
        cltu.Encode(frame.AsSpan(0, length), output);
        return output;
    }

    private sealed class SerialisedWriter(TcFrameSigner signer, Lock gate) : ITcFrameWriter
    {
        public int GetFrameLength(TcFrameType type, int dataLength) => signer.GetFrameLength(type, dataLength);

        public int Write(in TcFrameHeader header, ReadOnlySpan<byte> data, Span<byte> destination)
        {
            lock (gate)
            {
                return signer.Write(header, data, destination);
            }
        }
    }
}
