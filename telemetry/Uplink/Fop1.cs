using System.Buffers;

namespace Payload.Telemetry.Uplink;

/// <summary>
/// Frame Operation Procedure (CCSDS 232.1-B-2 §5) for one virtual channel on the ground: numbers Type-AD frames, keeps up
/// to K unacknowledged ones, and retransmits them when the CLCW asks or the timer expires, so FARM-1 receives every
/// frame once and in order. Driven by <see cref="OnClcw"/> and <see cref="Poll"/>; time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class Fop1 : IDisposable
{
    private readonly ITcFrameWriter writer;
    private readonly ITcFrameSink sink;
    private readonly FopOptions options;
    private readonly TimeProvider time;
    private readonly Queue<SentFrame> sent = new();
    private byte[]? controlFrame;
    private int controlFrameLength;
    private DateTimeOffset? deadline;
    private int transmissionCount;

    public Fop1(ITcFrameWriter writer, ITcFrameSink sink, FopOptions options, TimeProvider time)
    {
        this.writer = writer ?? throw new ArgumentNullException(nameof(writer));
        this.sink = sink ?? throw new ArgumentNullException(nameof(sink));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        if (options.SlidingWindowWidth is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SlidingWindowWidth, "FOP sliding window width K must be 1..255");
        }
    }

    public FopState State { get; private set; } = FopState.Initial;

    /// <summary>The reason of the last alert that stopped the service; None while it runs.</summary>
    public FopAlert Alert { get; private set; }

    /// <summary>V(S): N(S) of the next new Type-AD frame.</summary>
    public byte TransmitterFrameSequenceNumber { get; private set; }

    /// <summary>NN(R): N(S) of the oldest unacknowledged frame.</summary>
    public byte ExpectedAcknowledgement { get; private set; }

    public int OutstandingFrames => sent.Count;

    /// <summary>True while a new Type-AD frame would be accepted by <see cref="TrySend"/>.</summary>
    public bool CanSend => State is FopState.Active or FopState.RetransmitWithoutWait or FopState.RetransmitWithWait
        && sent.Count < options.SlidingWindowWidth;

    /// <summary>Starts the Type-AD service at the current V(S) without waiting for the FARM (§5.2, directive "Initiate AD without CLCW check").</summary>
    public void InitiateWithoutClcw()
    {
        Restart();
        State = FopState.Active;
    }

    /// <summary>Starts the service once a CLCW shows V(R) = V(S) with no flags set.</summary>
    public void InitiateWithClcw()
    {
        Restart();
        State = FopState.InitialisingWithoutBc;
        StartTimer();
    }

    /// <summary>Sends Unlock and starts the service once a CLCW confirms it (the way out of FARM lockout).</summary>
    public void InitiateWithUnlock() => InitiateWithControlCommand(TcControlCommand.Unlock);

    /// <summary>Sets V(S) and sends Set V(R) with the same value; starts once a CLCW confirms it.</summary>
    public void InitiateWithSetVr(byte value)
    {
        Restart();
        TransmitterFrameSequenceNumber = value;
        ExpectedAcknowledgement = value;
        InitiateWithControlCommand(TcControlCommand.SetVr(value));
    }

    public void Terminate() => RaiseAlert(FopAlert.Terminated);

    /// <summary>Numbers and sends one Type-AD frame; false when the window is full or the service is not running.</summary>
    public bool TrySend(ReadOnlySpan<byte> data)
    {
        if (!CanSend)
        {
            return false;
        }

        var header = new TcFrameHeader(TcFrameType.Ad, options.VirtualChannelId, TransmitterFrameSequenceNumber, options.MapId);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(writer.GetFrameLength(TcFrameType.Ad, data.Length));
        int length = writer.Write(header, data, buffer);
        sent.Enqueue(new SentFrame(buffer, length, TransmitterFrameSequenceNumber));
        TransmitterFrameSequenceNumber++;
        if (State != FopState.RetransmitWithWait)
        {
            sink.Transmit(buffer.AsSpan(0, length));
        }

        if (sent.Count == 1)
        {
            transmissionCount = 0;
        }

        StartTimer();
        return true;
    }

    /// <summary>Sends a Type-BD frame at once, outside the sequence-controlled service.</summary>
    public void SendExpedited(ReadOnlySpan<byte> data)
    {
        var header = new TcFrameHeader(TcFrameType.Bd, options.VirtualChannelId, 0, options.MapId);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(writer.GetFrameLength(TcFrameType.Bd, data.Length));
        try
        {
            sink.Transmit(buffer.AsSpan(0, writer.Write(header, data, buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Processes a CLCW from the downlink's operational control field (§5.2, Table 5-1 events E1–E14).</summary>
    public void OnClcw(in Clcw clcw)
    {
        if (clcw.VirtualChannelId != options.VirtualChannelId || State == FopState.Initial)
        {
            return;
        }

        byte reported = clcw.ReportValue;
        bool inRange = (byte)(reported - ExpectedAcknowledgement) <= (byte)(TransmitterFrameSequenceNumber - ExpectedAcknowledgement);
        if (State is FopState.InitialisingWithoutBc or FopState.InitialisingWithBc)
        {
            // CLCWs sent before the FARM saw our directive are stale, not errors: wait for the confirming one.
            if (!clcw.Lockout && !clcw.Wait && !clcw.Retransmit && reported == TransmitterFrameSequenceNumber)
            {
                ReleaseControlFrame();
                State = FopState.Active;
                deadline = null;
                transmissionCount = 0;
            }

            return;
        }

        if (clcw.Lockout)
        {
            RaiseAlert(FopAlert.Lockout);
            return;
        }

        if (!inRange)
        {
            RaiseAlert(FopAlert.NrOutOfRange);
            return;
        }

        if (clcw.Wait && !clcw.Retransmit)
        {
            RaiseAlert(FopAlert.Synchronisation);
            return;
        }

        bool progress = reported != ExpectedAcknowledgement;
        if (progress)
        {
            Acknowledge(reported);
        }

        if (!clcw.Retransmit)
        {
            State = FopState.Active;
        }
        else if (clcw.Wait)
        {
            State = FopState.RetransmitWithWait;
        }
        else if (State != FopState.RetransmitWithoutWait || progress)
        {
            State = FopState.RetransmitWithoutWait;
            RetransmitAll();
        }
    }

    /// <summary>Checks timer T1; call periodically.</summary>
    public void Poll()
    {
        if (deadline is null || time.GetUtcNow() < deadline.Value)
        {
            return;
        }

        switch (State)
        {
            case FopState.InitialisingWithoutBc:
                if (CountTransmission())
                {
                    StartTimer();
                }

                break;
            case FopState.InitialisingWithBc:
                if (CountTransmission())
                {
                    sink.Transmit(controlFrame.AsSpan(0, controlFrameLength));
                    StartTimer();
                }

                break;
            case FopState.RetransmitWithWait:
                if (CountTransmission())
                {
                    StartTimer();
                }

                break;
            case FopState.Active or FopState.RetransmitWithoutWait when sent.Count > 0:
                State = FopState.RetransmitWithoutWait;
                RetransmitAll();
                break;
            default:
                deadline = null;
                break;
        }
    }

    public void Dispose()
    {
        Purge();
        ReleaseControlFrame();
    }

    private void InitiateWithControlCommand(TcControlCommand command)
    {
        Restart();
        Span<byte> data = stackalloc byte[command.Length];
        command.Write(data);
        var header = new TcFrameHeader(TcFrameType.Bc, options.VirtualChannelId, 0);
        controlFrame = ArrayPool<byte>.Shared.Rent(writer.GetFrameLength(TcFrameType.Bc, data.Length));
        controlFrameLength = writer.Write(header, data, controlFrame);
        State = FopState.InitialisingWithBc;
        sink.Transmit(controlFrame.AsSpan(0, controlFrameLength));
        StartTimer();
    }

    private void Acknowledge(byte reported)
    {
        while (sent.Count > 0 && sent.Peek().SequenceNumber != reported)
        {
            ArrayPool<byte>.Shared.Return(sent.Dequeue().Buffer);
        }

        ExpectedAcknowledgement = reported;
        transmissionCount = 0;
        if (sent.Count == 0)
        {
            deadline = null;
        }
        else
        {
            StartTimer();
        }
    }

    private void RetransmitAll()
    {
        if (!CountTransmission())
        {
            return;
        }

        foreach (SentFrame frame in sent)
        {
            sink.Transmit(frame.Buffer.AsSpan(0, frame.Length));
        }

        StartTimer();
    }

    /// <summary>Counts one more retransmission round; raises the Limit alert and returns false past the limit.</summary>
    private bool CountTransmission()
    {
        if (++transmissionCount > options.TransmissionLimit)
        {
            RaiseAlert(FopAlert.Limit);
            return false;
        }

        return true;
    }

    private void RaiseAlert(FopAlert alert)
    {
        Purge();
        ReleaseControlFrame();
        Alert = alert;
        State = FopState.Initial;
        deadline = null;
    }

    private void Restart()
    {
        Purge();
        ReleaseControlFrame();
        Alert = FopAlert.None;
        ExpectedAcknowledgement = TransmitterFrameSequenceNumber;
        transmissionCount = 0;
        deadline = null;
    }

    private void Purge()
    {
        while (sent.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(sent.Dequeue().Buffer);
        }
    }

    private void ReleaseControlFrame()
    {
        if (controlFrame is not null)
        {
            ArrayPool<byte>.Shared.Return(controlFrame);
            controlFrame = null;
        }
    }

    private void StartTimer() => deadline = time.GetUtcNow() + options.Timeout;

    private readonly record struct SentFrame(byte[] Buffer, int Length, byte SequenceNumber);
}
