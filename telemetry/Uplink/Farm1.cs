namespace Payload.Telemetry.Uplink;

/// <summary>
/// Frame Acceptance and Reporting Mechanism (CCSDS 232.1-B-2 §6) for one virtual channel: accepts Type-AD frames strictly
/// in sequence, lets Type-BD frames through, executes Unlock / Set V(R), and reports its state as a <see cref="Clcw"/>.
/// </summary>
public sealed class Farm1
{
    private bool bufferAvailable = true;

    /// <param name="virtualChannelId">The VC this FARM serves.</param>
    /// <param name="windowWidth">FARM sliding window width W (§6.1.8.2: even, 2–254); positive and negative windows are W/2.</param>
    public Farm1(byte virtualChannelId, int windowWidth = 64)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(virtualChannelId, TcFrameLayout.MaxVirtualChannelId);
        if (windowWidth is < 2 or > 254 || windowWidth % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowWidth), windowWidth, "FARM window width must be even, 2..254 (CCSDS 232.1-B-2 §6.1.8.2)");
        }

        VirtualChannelId = virtualChannelId;
        WindowWidth = windowWidth;
    }

    public byte VirtualChannelId { get; }

    public int WindowWidth { get; }

    /// <summary>V(R): the N(S) of the next expected Type-AD frame.</summary>
    public byte ReceiverFrameSequenceNumber { get; private set; }

    public FarmState State { get; private set; } = FarmState.Open;

    public bool Retransmit { get; private set; }

    /// <summary>2-bit count of accepted Type-BD and Type-BC frames.</summary>
    public byte FarmBCounter { get; private set; }

    /// <summary>
    /// Whether the higher layer can take another Type-AD frame. Clearing it sends the next in-sequence frame into Wait;
    /// setting it again releases Wait (§6.2, event E6 "buffer release").
    /// </summary>
    public bool BufferAvailable
    {
        get => bufferAvailable;
        set
        {
            bufferAvailable = value;
            if (value && State == FarmState.Wait)
            {
                State = FarmState.Open;
            }
        }
    }

    public Clcw Clcw => new(
        VirtualChannelId,
        ReceiverFrameSequenceNumber,
        State == FarmState.Lockout,
        State == FarmState.Wait,
        Retransmit,
        FarmBCounter);

    /// <summary>Runs the acceptance checks; <paramref name="data"/> is the frame's user data (needed for Type-BC only).</summary>
    public FarmOutcome Process(in TcFrameHeader header, ReadOnlySpan<byte> data)
    {
        if (header.VirtualChannelId != VirtualChannelId)
        {
            return FarmOutcome.WrongVirtualChannel;
        }

        switch (header.Type)
        {
            case TcFrameType.Bd:
                CountBypass();
                return FarmOutcome.AcceptedBd;
            case TcFrameType.Bc:
                return ExecuteControlCommand(data);
            default:
                return ProcessSequenced(header.SequenceNumber);
        }
    }

    private FarmOutcome ProcessSequenced(byte sequenceNumber)
    {
        int ahead = (byte)(sequenceNumber - ReceiverFrameSequenceNumber);
        int behind = (byte)(ReceiverFrameSequenceNumber - sequenceNumber);
        int halfWindow = WindowWidth / 2;
        if (State == FarmState.Lockout)
        {
            return FarmOutcome.DiscardedLockout;
        }

        if (ahead == 0)
        {
            if (State == FarmState.Wait || !bufferAvailable)
            {
                Retransmit = true;
                State = FarmState.Wait;
                return FarmOutcome.DiscardedWait;
            }

            ReceiverFrameSequenceNumber++;
            Retransmit = false;
            return FarmOutcome.AcceptedAd;
        }

        if (ahead < halfWindow)
        {
            Retransmit = true;
            return FarmOutcome.DiscardedAhead;
        }

        if (behind <= halfWindow)
        {
            return FarmOutcome.DiscardedDuplicate;
        }

        State = FarmState.Lockout;
        return FarmOutcome.DiscardedEnteredLockout;
    }

    private FarmOutcome ExecuteControlCommand(ReadOnlySpan<byte> data)
    {
        if (!TcControlCommand.TryParse(data, out TcControlCommand command))
        {
            return FarmOutcome.InvalidControlCommand;
        }

        CountBypass();
        if (command.Kind == TcControlCommandKind.Unlock)
        {
            Retransmit = false;
            State = FarmState.Open;
            return FarmOutcome.Unlocked;
        }

        if (State == FarmState.Lockout)
        {
            return FarmOutcome.VrSetIgnoredInLockout;
        }

        Retransmit = false;
        State = FarmState.Open;
        ReceiverFrameSequenceNumber = command.ReceiverFrameSequenceNumber;
        return FarmOutcome.VrSet;
    }

    private void CountBypass() => FarmBCounter = (byte)((FarmBCounter + 1) & 0b11);
}
