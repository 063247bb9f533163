namespace Payload.Telemetry.Security;

/// <summary>A TC frame whose MAC verified and whose sequence number is fresh; <see cref="Data"/> is the user data.</summary>
public readonly ref struct TcVerifiedFrame(ushort spi, uint sequenceNumber, ReadOnlySpan<byte> data)
{
    public ushort Spi { get; } = spi;

    public uint SequenceNumber { get; } = sequenceNumber;

    public ReadOnlySpan<byte> Data { get; } = data;
}
