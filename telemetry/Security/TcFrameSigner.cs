using System.Buffers.Binary;
using System.Security.Cryptography;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Security;

/// <summary>
/// Ground side of TC authentication: writes frames with a security header (SPI, next sequence number) after the TC
/// headers and a truncated HMAC-SHA-256 over everything before it, then the FECF.
/// </summary>
public sealed class TcFrameSigner : ITcFrameWriter
{
    private readonly TcFrameFormat format;
    private readonly TcSecurityOptions options;
    private readonly byte[] key;

    public TcFrameSigner(TcFrameFormat format, TcKeyStore keys, ushort spi, TcSecurityOptions options, uint firstSequenceNumber = 1)
    {
        this.format = format ?? throw new ArgumentNullException(nameof(format));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.TryGetKey(spi, out key))
        {
            throw new ArgumentException($"no key for SPI {spi}", nameof(spi));
        }

        Spi = spi;
        NextSequenceNumber = firstSequenceNumber;
    }

    public ushort Spi { get; }

    public uint NextSequenceNumber { get; set; }

    public int GetFrameLength(TcFrameType type, int dataLength) =>
        format.HeaderLength(type) + options.Overhead + dataLength + format.TrailerLength;

    public int Write(in TcFrameHeader header, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        int at = TcFrameEncoder.WriteHeaders(format, header, options.Overhead + data.Length, destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], Spi);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(at + TcSecurityLayout.SpiLength)..], NextSequenceNumber++);
        at += TcSecurityLayout.HeaderLength;
        data.CopyTo(destination[at..]);
        at += data.Length;
        Span<byte> mac = stackalloc byte[TcSecurityLayout.FullMacLength];
        HMACSHA256.HashData(key, destination[..at], mac);
        mac[..options.MacLength].CopyTo(destination[at..]);
        return TcFrameEncoder.Seal(format, destination, at + options.MacLength);
    }
}
