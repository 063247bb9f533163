using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using Payload.Hal.Devices.Imager;
using Payload.Hal.Imaging;

namespace Payload.Hal.Simulation;

/// <summary>
/// A camera board on the simulated board: answers capture requests on its end of a serial link with
/// synthetic scenes, framed exactly as a real camera board would (the camera link protocol). Fault knobs:
/// a corrupted data frame (CRC error), a dropped data frame, a camera-reported failure.
/// </summary>
public sealed class SimulatedCameraBoard
{
    private const int ChunkBytes = CameraLinkProtocol.MaxPayload - sizeof(uint);
    private readonly SimulatedUartPort _port;
    private readonly SyntheticSceneGenerator _generator;
    private readonly TimeProvider _time;
    private int _nextSeed;
    private byte _transmitSequence;
    private readonly ArrayBufferWriter<byte> _frame = new(CameraLinkProtocol.HeaderLength + CameraLinkProtocol.MaxPayload + CameraLinkProtocol.TrailerLength);
    private string? _failNext;

    // The scene the camera expects to send next, rendered ahead: a real camera's image exists at exposure, so the time
    // the simulation spends rendering it must not count as readout time of the payload's capture. The capture loop
    // and RenderAhead (the host's thread) both swap it, under the lock.
    private readonly Lock _renderGate = new();
    private Task<MultispectralScene>? _rendered;
    private int _renderedSeed;

    /// <summary>A camera on the device end of a link, generating scenes from <paramref name="firstSeed"/> upwards.</summary>
    public SimulatedCameraBoard(SimulatedUartPort deviceEnd, SyntheticSceneGenerator generator, TimeProvider time, int firstSeed = 1)
    {
        _port = deviceEnd ?? throw new ArgumentNullException(nameof(deviceEnd));
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _nextSeed = firstSeed;
    }

    /// <summary>Fault knob: flip one payload byte of the next scene's first data frame after its CRC is computed.</summary>
    public bool CorruptNextDataFrame { get; set; }

    /// <summary>Fault knob: leave out the next scene's second data frame.</summary>
    public bool DropNextDataFrame { get; set; }

    /// <summary>Seed of the scene the next capture sends (seeds then count up); set it to image a given scene (again).</summary>
    public int NextSeed
    {
        get => Volatile.Read(ref _nextSeed);
        set => Volatile.Write(ref _nextSeed, value);
    }

    /// <summary>
    /// The next capture sends <paramref name="seed"/> (as <see cref="NextSeed"/>); its scene is rendered now in the
    /// background, unless it already is, so the capture does not wait for the simulation. A render under way for another
    /// seed finishes first (the generator is not thread-safe). Returns the render, to wait for it where that is wanted.
    /// </summary>
    public Task RenderAhead(int seed)
    {
        NextSeed = seed;
        return StartRender(seed);
    }

    private Task StartRender(int seed)
    {
        lock (_renderGate)
        {
            if (_rendered is null || _renderedSeed != seed)
            {
                Task<MultispectralScene>? previous = _rendered;
                _renderedSeed = seed;
                _rendered = previous is null
                    ? Task.Run(() => _generator.Generate(seed).Scene, CancellationToken.None)
                    : previous.ContinueWith(_ => _generator.Generate(seed).Scene, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            return _rendered;
        }
    }

    /// <summary>Scenes sent so far.</summary>
    public int ScenesSent { get; private set; }

    /// <summary>Fault knob: answer the next capture with an error frame carrying <paramref name="reason"/>.</summary>
    public void FailNextCapture(string reason) => _failNext = reason;

    /// <summary>Serves capture requests until cancelled or the host closes the link.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        PipeReader input = _port.Input;
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (CameraLinkProtocol.TryRead(ref buffer, "simulated camera", out CameraFrameType type, out _, out _))
                {
                    if (type == CameraFrameType.CaptureRequest)
                    {
                        await SendSceneAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of the loop.
        }
    }

    private async ValueTask SendSceneAsync(CancellationToken cancellationToken)
    {
        PipeWriter output = _port.Output;
        if (_failNext is string reason)
        {
            _failNext = null;
            CameraLinkProtocol.Write(output, CameraFrameType.Error, _transmitSequence++, Encoding.UTF8.GetBytes(reason));
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        int seed = Interlocked.Increment(ref _nextSeed) - 1;
        MultispectralScene scene = await SceneForAsync(seed).ConfigureAwait(false);
        _ = StartRender(NextSeed);
        var header = new CameraSceneHeader(scene.SceneId, _time.GetUtcNow(), scene.Width, scene.Height, scene.BitDepth, scene.BandNames);
        CameraLinkProtocol.Write(output, CameraFrameType.SceneHeader, _transmitSequence++, header.Encode());

        int totalBytes = scene.Samples.Length * sizeof(ushort);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(CameraLinkProtocol.MaxPayload);
        try
        {
            int index = 0;
            for (int offset = 0; offset < totalBytes; offset += ChunkBytes, index++)
            {
                int length = Math.Min(ChunkBytes, totalBytes - offset);
                BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)offset);
                ReadOnlySpan<ushort> part = scene.Samples.Slice(offset / 2, length / 2);
                for (int i = 0; i < part.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(chunk.AsSpan(4 + (2 * i)), part[i]);
                }

                if (index == 1 && DropNextDataFrame)
                {
                    DropNextDataFrame = false;
                    _transmitSequence++;
                    continue;
                }

                _frame.ResetWrittenCount();
                CameraLinkProtocol.Write(_frame, CameraFrameType.SceneData, _transmitSequence++, chunk.AsSpan(0, 4 + length));
                if (index == 0 && CorruptNextDataFrame)
                {
                    CorruptNextDataFrame = false;
                    byte[] damaged = _frame.WrittenSpan.ToArray();
                    damaged[CameraLinkProtocol.HeaderLength + 10] ^= 0x01; // a single bit error on the line
                    output.Write(damaged);
                }
                else
                {
                    output.Write(_frame.WrittenSpan);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        Span<byte> end = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(end, (uint)totalBytes);
        CameraLinkProtocol.Write(output, CameraFrameType.SceneEnd, _transmitSequence++, end);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        ScenesSent++;
    }

    // The generator is not thread-safe: a render still running for another seed (NextSeed was set) is awaited first.
    private async Task<MultispectralScene> SceneForAsync(int seed)
    {
        Task<MultispectralScene>? rendered;
        int renderedSeed;
        lock (_renderGate)
        {
            (rendered, renderedSeed) = (_rendered, _renderedSeed);
            _rendered = null;
        }

        if (rendered is not null)
        {
            MultispectralScene ahead = await rendered.ConfigureAwait(false);
            if (renderedSeed == seed)
            {
                return ahead;
            }
        }

        return _generator.Generate(seed).Scene;
    }
}
