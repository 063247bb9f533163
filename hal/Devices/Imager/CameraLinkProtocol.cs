using System.Buffers;
using System.Buffers.Binary;

namespace Payload.Hal.Devices.Imager;

/// <summary>
/// Framing of the camera link (README.md in this folder, §1): sync 0xEB 0x90, type, sequence, payload length
/// (u32 big-endian), payload, CRC-32 (big-endian) over type..payload. Shared by the host driver and the
/// simulated camera board so both ends agree by construction.
/// </summary>
internal static class CameraLinkProtocol
{
    /// <summary>Frame sync marker (§1).</summary>
    public const ushort Sync = 0xEB90;

    /// <summary>Sync (2) + type (1) + sequence (1) + length (4).</summary>
    public const int HeaderLength = 8;

    /// <summary>CRC-32 trailer.</summary>
    public const int TrailerLength = 4;

    /// <summary>Largest payload a frame may carry (§1); scene data is split into chunks of at most this.</summary>
    public const int MaxPayload = 64 * 1024;

    /// <summary>Writes one frame into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, CameraFrameType type, byte sequence, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"Camera link payload is at most {MaxPayload} bytes.");
        }

        Span<byte> frame = output.GetSpan(HeaderLength + payload.Length + TrailerLength);
        BinaryPrimitives.WriteUInt16BigEndian(frame, Sync);
        frame[2] = (byte)type;
        frame[3] = sequence;
        BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)payload.Length);
        payload.CopyTo(frame[HeaderLength..]);
        uint crc = Crc32.Compute(frame[2..(HeaderLength + payload.Length)]);
        BinaryPrimitives.WriteUInt32BigEndian(frame[(HeaderLength + payload.Length)..], crc);
        output.Advance(HeaderLength + payload.Length + TrailerLength);
    }

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false (consuming nothing)
    /// when more bytes are needed; throws <see cref="ImagerException"/> naming the field and value on a bad frame.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, string imager, out CameraFrameType type, out byte sequence, out byte[] payload)
    {
        type = default;
        sequence = 0;
        payload = [];
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        ushort sync = BinaryPrimitives.ReadUInt16BigEndian(header);
        if (sync != Sync)
        {
            throw new ImagerException(imager, $"frame sync is 0x{sync:X4}, expected 0x{Sync:X4}");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (length > MaxPayload)
        {
            throw new ImagerException(imager, $"frame length is {length}, at most {MaxPayload} allowed");
        }

        if (buffer.Length < HeaderLength + length + TrailerLength)
        {
            return false;
        }

        payload = buffer.Slice(HeaderLength, length).ToArray();
        Span<byte> trailer = stackalloc byte[TrailerLength];
        buffer.Slice(HeaderLength + length, TrailerLength).CopyTo(trailer);
        uint sent = BinaryPrimitives.ReadUInt32BigEndian(trailer);
        uint computed = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, header[2..]), payload));
        if (sent != computed)
        {
            throw new ImagerException(imager, $"frame CRC is 0x{sent:X8}, computed 0x{computed:X8} (type 0x{header[2]:X2}, sequence {header[3]})");
        }

        type = (CameraFrameType)header[2];
        sequence = header[3];
        buffer = buffer.Slice(HeaderLength + length + TrailerLength);
        return true;
    }
}
