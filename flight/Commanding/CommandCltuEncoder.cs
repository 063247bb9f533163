using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Flight.Commanding;

/// <summary>
/// Ground side of commanding: puts encoded command data into a signed TC frame on the command VC and wraps it in a
/// CLTU. Type-BD (bypass) by default, which needs no COP-1 state; Type-AD with an explicit N(S) for sequenced use.
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

    public byte[] Encode(ReadOnlySpan<byte> commandData, TcFrameType type = TcFrameType.Bd, byte frameSequenceNumber = 0)
    {
        var frame = new byte[signer.GetFrameLength(type, commandData.Length)];
        int length = signer.Write(new TcFrameHeader(type, CommandUplink.CommandVirtualChannel, frameSequenceNumber), commandData, frame);
        var output = new byte[CltuEncoder.GetCltuLength(length)];
        cltu.Encode(frame.AsSpan(0, length), output);
        return output;
    }
}
