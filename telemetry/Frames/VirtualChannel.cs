using System.Threading.Channels;
using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Frames;

/// <summary>
/// One TM virtual channel on the flight side: a bounded queue of whole space packets waiting to be
/// framed. Writers wait when it is full (back-pressure); the <see cref="TmFrameMultiplexer"/> that
/// created it drains it by priority. Packet memory must stay unchanged until it has been framed;
/// the optional <c>packetFramed</c> callback says when it may be reused.
/// </summary>
public sealed class VirtualChannel
{
    private readonly Channel<ReadOnlyMemory<byte>> _queue;
    private readonly Action<ReadOnlyMemory<byte>>? _packetFramed;
    private readonly Action _dataArrived;
    private long _queuedBytes;

    internal VirtualChannel(int id, int priority, int capacity, bool flushPartialFrames, Action<ReadOnlyMemory<byte>>? packetFramed, int dataFieldLength, Action dataArrived)
    {
        Id = id;
        Priority = priority;
        FlushPartialFrames = flushPartialFrames;
        _packetFramed = packetFramed;
        _dataArrived = dataArrived;
        _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            AllowSynchronousContinuations = false,
        });

        // An idle packet that fills the last few octets of a frame may need the whole next data field too.
        IdlePacketBuffer = new byte[(2 * dataFieldLength) + SpacePacketHeader.Length + 1];
    }

    /// <summary>Virtual channel identifier, 0..7.</summary>
    public int Id { get; }

    /// <summary>Larger goes first when several channels have a frame ready.</summary>
    public int Priority { get; }

    /// <summary>Whether a partly filled frame goes out at once, padded with an idle packet (for urgent channels).</summary>
    public bool FlushPartialFrames { get; }

    /// <summary>Whether <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Octets waiting: queued packets plus the unsent rest of the packet being framed.</summary>
    public long PendingBytes => Interlocked.Read(ref _queuedBytes) + (Current.Length - CurrentOffset);

    internal int FrameCount { get; set; }

    internal ReadOnlyMemory<byte> Current { get; private set; }

    internal int CurrentOffset { get; set; }

    internal bool CurrentIsIdle { get; private set; }

    internal byte[] IdlePacketBuffer { get; }

    /// <summary>Queues a packet, waiting while the channel is full.</summary>
    /// <exception cref="ArgumentException">The octets are not one whole space packet.</exception>
    /// <exception cref="ChannelClosedException">The channel was completed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken = default)
    {
        CheckPacket(packet.Span);
        await _queue.Writer.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        Arrived(packet.Length);
    }

    /// <summary>Queues a packet if there is room; false when the channel is full or completed.</summary>
    /// <exception cref="ArgumentException">The octets are not one whole space packet.</exception>
    public bool TryWrite(ReadOnlyMemory<byte> packet)
    {
        CheckPacket(packet.Span);
        if (!_queue.Writer.TryWrite(packet))
        {
            return false;
        }

        Arrived(packet.Length);
        return true;
    }

    /// <summary>No more packets will come; what is queued is still framed (the last frame padded with idle data).</summary>
    public void Complete()
    {
        IsCompleted = true;
        _queue.Writer.TryComplete();
        _dataArrived();
    }

    internal bool TryTakeNext()
    {
        if (!_queue.Reader.TryRead(out ReadOnlyMemory<byte> packet))
        {
            return false;
        }

        Interlocked.Add(ref _queuedBytes, -packet.Length);
        Current = packet;
        CurrentOffset = 0;
        CurrentIsIdle = false;
        return true;
    }

    internal void StartIdle(int length)
    {
        Current = IdlePacketBuffer.AsMemory(0, length);
        CurrentOffset = 0;
        CurrentIsIdle = true;
    }

    internal void FinishCurrent()
    {
        if (!CurrentIsIdle)
        {
            _packetFramed?.Invoke(Current);
        }

        Current = default;
        CurrentOffset = 0;
        CurrentIsIdle = false;
    }

    private void Arrived(int length)
    {
        Interlocked.Add(ref _queuedBytes, length);
        _dataArrived();
    }

    private static void CheckPacket(ReadOnlySpan<byte> packet)
    {
        if (!SpacePacket.TryRead(packet, out _, out int length, out string? error))
        {
            throw new ArgumentException($"Not a space packet: {error}.", nameof(packet));
        }

        if (length != packet.Length)
        {
            throw new ArgumentException($"The packet's length field says {length} octets but {packet.Length} were given.", nameof(packet));
        }
    }
}
