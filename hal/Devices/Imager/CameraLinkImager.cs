using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Payload.Hal.Buses;
using Payload.Hal.Imaging;

namespace Payload.Hal.Devices.Imager;

/// <summary>
/// A camera board on a serial link speaking the camera link protocol (README.md in this folder): sends a
/// capture request, then receives the scene header, the sample chunks in order and the end frame, checking
/// every frame's CRC, sequence number and offset.
/// </summary>
public sealed class CameraLinkImager : IImager
{
    private readonly IUartPort _port;
    private byte _transmitSequence;
    private byte _receiveSequence;

    /// <summary>Talks to the camera through <paramref name="port"/> (its pipes).</summary>
    public CameraLinkImager(IUartPort port)
    {
        _port = port ?? throw new ArgumentNullException(nameof(port));
    }

    /// <inheritdoc />
    public string Name => $"camera on {_port.Name}";

    /// <inheritdoc />
    public async ValueTask<MultispectralScene> CaptureAsync(CancellationToken cancellationToken = default)
    {
        CameraLinkProtocol.Write(_port.Output, CameraFrameType.CaptureRequest, _transmitSequence++, []);
        await _port.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        (CameraFrameType type, byte[] payload) = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        ThrowOnCameraError(type, payload);
        Expect(type, CameraFrameType.SceneHeader);
        CameraSceneHeader header = CameraSceneHeader.Decode(payload, Name);
        if (header.BitDepth is < 1 or > MultispectralScene.MaxBitDepth || header.BandNames.Count == 0 || header.Width == 0 || header.Height == 0)
        {
            throw new ImagerException(Name, $"scene header {header.SceneId}: {header.Width}x{header.Height}, {header.BandNames.Count} bands, {header.BitDepth}-bit is not a valid scene");
        }

        var samples = new ushort[(long)header.Width * header.Height * header.BandNames.Count];
        long expectedBytes = samples.LongLength * sizeof(ushort);
        long received = 0;
        while (true)
        {
            (type, payload) = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            ThrowOnCameraError(type, payload);
            if (type == CameraFrameType.SceneEnd)
            {
                break;
            }

            Expect(type, CameraFrameType.SceneData);
            if (payload.Length < 4 || (payload.Length - 4) % 2 != 0)
            {
                throw new ImagerException(Name, $"scene data payload is {payload.Length} bytes; expected a 4-byte offset and whole 16-bit samples");
            }

            uint offset = BinaryPrimitives.ReadUInt32BigEndian(payload);
            if (offset != received)
            {
                throw new ImagerException(Name, $"scene data offset is {offset}, expected {received} (a chunk was lost or reordered)");
            }

            ReadOnlySpan<byte> data = payload.AsSpan(4);
            if (received + data.Length > expectedBytes)
            {
                throw new ImagerException(Name, $"scene data runs to byte {received + data.Length}, past the {expectedBytes} bytes the header announced");
            }

            Span<ushort> target = samples.AsSpan((int)(received / 2), data.Length / 2);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]);
            }

            received += data.Length;
        }

        uint total = payload.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : uint.MaxValue;
        if (received != expectedBytes || total != expectedBytes)
        {
            throw new ImagerException(Name, $"scene {header.SceneId} ended after {received} bytes (end frame says {total}), expected {expectedBytes}");
        }

        return new MultispectralScene(header.SceneId, header.CaptureTime, header.Width, header.Height, header.BandNames, header.BitDepth, samples);
    }

    private async ValueTask<(CameraFrameType Type, byte[] Payload)> ReceiveAsync(CancellationToken cancellationToken)
    {
        PipeReader input = _port.Input;
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool complete;
            CameraFrameType type;
            byte sequence;
            byte[] payload;
            try
            {
                complete = CameraLinkProtocol.TryRead(ref buffer, Name, out type, out sequence, out payload);
            }
            catch (ImagerException)
            {
                input.AdvanceTo(result.Buffer.End); // drop the garbage so the next capture starts clean
                throw;
            }

            if (complete)
            {
                input.AdvanceTo(buffer.Start);
                if (sequence != _receiveSequence)
                {
                    throw new ImagerException(Name, $"frame sequence is {sequence}, expected {_receiveSequence} (a frame was lost)");
                }

                _receiveSequence++;
                return (type, payload);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new ImagerException(Name, $"link closed in the middle of a frame ({buffer.Length} bytes pending)");
            }
        }
    }

    private void ThrowOnCameraError(CameraFrameType type, byte[] payload)
    {
        if (type == CameraFrameType.Error)
        {
            throw new ImagerException(Name, $"camera reported: {Encoding.UTF8.GetString(payload)}");
        }
    }

    private void Expect(CameraFrameType type, CameraFrameType expected)
    {
        if (type != expected)
        {
            throw new ImagerException(Name, $"frame type is 0x{(byte)type:X2}, expected {expected} (0x{(byte)expected:X2})");
        }
    }
}
