using System.Buffers.Binary;
using Payload.Flight.Commanding;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Station;

/// <summary>
/// Sequence-controlled commanding (COP-1, CCSDS 232.1-B-2): command data goes out in Type-AD frames numbered by
/// <see cref="Fop1"/>, which the CLCWs from the downlink acknowledge or ask to retransmit. When FOP-1 stops with an
/// alert (the payload restarted and its FARM-1 V(R) no longer matches, lockout, retransmission limit) the next CLCW
/// re-initiates the service — Unlock out of lockout, otherwise Set V(R) to our V(S) — and the commands still
/// unacknowledged are sent again, unless the payload already acknowledged them.
/// </summary>
internal sealed class Cop1CommandLink : IDisposable
{
    /// <summary>How often T1 is checked and waiting commands are pushed into the window.</summary>
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(50);

    private readonly object gate = new();
    private readonly Fop1 fop;
    private readonly CountingSink sink;
    private readonly Func<ReadOnlyMemory<byte>, bool> stillNeeded;
    private readonly Queue<byte[]> waiting = new();
    private readonly Queue<byte[]> unacknowledged = new();
    private readonly ITimer timer;
    private bool disposed;

    /// <param name="writer">Writes the (signed) TC frames.</param>
    /// <param name="transmitter">Sends them (as CLTUs, through <see cref="CltuTransmitter"/>).</param>
    /// <param name="options">FOP-1 parameters (VC, window K, timer T1, transmission limit).</param>
    /// <param name="stillNeeded">False for command data the payload already acknowledged: not sent again after a re-initiation.</param>
    /// <param name="time">Clock of T1 and of the poll timer.</param>
    public Cop1CommandLink(ITcFrameWriter writer, ITcFrameSink transmitter, FopOptions options, Func<ReadOnlyMemory<byte>, bool> stillNeeded, TimeProvider time)
    {
        sink = new CountingSink(transmitter);
        this.stillNeeded = stillNeeded;
        fop = new Fop1(writer, sink, options, time);
        timer = time.CreateTimer(_ => Tick(), null, PollPeriod, PollPeriod);
    }

    public FopState State
    {
        get
        {
            lock (gate)
            {
                return fop.State;
            }
        }
    }

    /// <summary>Commands submitted and not yet acknowledged by a CLCW (waiting for the window or in it).</summary>
    public int Outstanding
    {
        get
        {
            lock (gate)
            {
                return waiting.Count + unacknowledged.Count;
            }
        }
    }

    /// <summary>New Type-AD frames sent.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Frames sent again (retransmissions, repeated control frames).</summary>
    public long Retransmissions => Math.Max(0, sink.Frames - FramesSent - Resynchronisations);

    /// <summary>Times the service was re-initiated with Set V(R) or Unlock after an alert.</summary>
    public long Resynchronisations { get; private set; }

    /// <summary>The alert that last stopped FOP-1.</summary>
    public FopAlert LastAlert { get; private set; }

    /// <summary>The tag of submitted command data (what its acknowledgements echo), for the <c>stillNeeded</c> check.</summary>
    public static ushort TagOf(ReadOnlySpan<byte> commandData) =>
        commandData.Length >= CommandCodec.HeaderLength ? BinaryPrimitives.ReadUInt16BigEndian(commandData[2..]) : (ushort)0;

    /// <summary>Queues one command's data (opcode, tag, arguments) for sequence-controlled delivery.</summary>
    public void Submit(byte[] commandData)
    {
        lock (gate)
        {
            waiting.Enqueue(commandData);
            Pump();
        }
    }

    /// <summary>Feeds a CLCW from the downlink's operational control field.</summary>
    public void OnClcw(in Clcw clcw)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (fop.State == FopState.Initial)
            {
                Initiate(clcw);
                return;
            }

            fop.OnClcw(clcw);
            Settle();
            Pump();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer.Dispose();
            fop.Dispose();
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            fop.Poll();
            Settle();
            Pump();
        }
    }

    private void Initiate(in Clcw clcw)
    {
        if (clcw.Lockout)
        {
            fop.InitiateWithUnlock();
            Resynchronisations++;
        }
        else if (clcw.ReportValue == fop.TransmitterFrameSequenceNumber && !clcw.Wait && !clcw.Retransmit)
        {
            fop.InitiateWithoutClcw();
        }
        else
        {
            fop.InitiateWithSetVr(fop.TransmitterFrameSequenceNumber);
            Resynchronisations++;
        }

        Pump();
    }

    /// <summary>Mirrors FOP-1's sent queue: drops what a CLCW acknowledged; after an alert puts the rest back in front.</summary>
    private void Settle()
    {
        if (fop.State == FopState.Initial)
        {
            if (fop.Alert != FopAlert.None)
            {
                LastAlert = fop.Alert;
            }

            if (unacknowledged.Count == 0)
            {
                return;
            }

            byte[][] again = [.. unacknowledged.Where(d => stillNeeded(d)), .. waiting];
            unacknowledged.Clear();
            waiting.Clear();
            foreach (byte[] data in again)
            {
                waiting.Enqueue(data);
            }

            return;
        }

        while (unacknowledged.Count > fop.OutstandingFrames)
        {
            unacknowledged.Dequeue();
        }
    }

    private void Pump()
    {
        while (waiting.Count > 0 && fop.CanSend)
        {
            byte[] data = waiting.Peek();
            if (!stillNeeded(data))
            {
                waiting.Dequeue();
                continue;
            }

            if (!fop.TrySend(data))
            {
                return;
            }

            unacknowledged.Enqueue(waiting.Dequeue());
            FramesSent++;
        }
    }

    private sealed class CountingSink(ITcFrameSink next) : ITcFrameSink
    {
        public long Frames { get; private set; }

        public void Transmit(ReadOnlySpan<byte> frame)
        {
            Frames++;
            next.Transmit(frame);
        }
    }
}
