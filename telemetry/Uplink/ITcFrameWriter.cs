namespace Payload.Telemetry.Uplink;

/// <summary>Builds complete TC frames; <see cref="TcFrameEncoder"/> writes plain frames, Security.TcFrameSigner authenticated ones.</summary>
public interface ITcFrameWriter
{
    /// <summary>Frame length in octets for <paramref name="dataLength"/> octets of user data.</summary>
    int GetFrameLength(TcFrameType type, int dataLength);

    /// <summary>Writes one frame and returns its length.</summary>
    int Write(in TcFrameHeader header, ReadOnlySpan<byte> data, Span<byte> destination);
}
