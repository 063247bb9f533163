using System.Buffers.Binary;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Inference.Hardening;
using Payload.Telemetry.Packets;

namespace Payload.Flight.Services;

/// <summary>
/// The scene service's checkpoints in the configured directory (<see cref="CheckpointStore"/>: two slots written in
/// turn, atomically): the job queue, the scene in progress and its next tile, its summary tally, the model hash and
/// the next packet sequence count of every APID. Sequence counts are stored <see cref="SequenceReserve"/> ahead, and a
/// checkpoint falls due when half of that reserve is used, so after a reset no count is ever sent twice (the ground
/// sees a gap instead, which also makes it drop a product cut off by the reset). TM frame counts are deliberately not
/// restored: the frames sent after the checkpoint are unknown, and a continuing count could join a cut packet to a new one.
/// </summary>
internal sealed class SceneCheckpoint
{
    /// <summary>Sequence counts reserved per APID by each checkpoint.</summary>
    public const int SequenceReserve = 1024;

    private const byte LayoutVersion = 1;
    private const int JobLength = 1 + 4 + 2 + 2;
    private const int SequenceCountModulus = SpacePacketEncoder.SequenceCountModulus;

    private readonly CheckpointStore store;
    private readonly CheckpointSchedule schedule;
    private readonly IPacketSink sink;
    private readonly EventReporter events;
    private readonly int[] countsAtWrite = new int[FlightDictionary.Apids.Count];

    public SceneCheckpoint(string directory, IPacketSink sink, EventReporter events, TimeProvider time, int everyTiles, TimeSpan interval)
    {
        store = new CheckpointStore(directory);
        schedule = new CheckpointSchedule(everyTiles, interval, time);
        this.sink = sink;
        this.events = events;
        store.SlotRejected += (_, fault) => events.Emit(FlightDictionary.CheckpointRejected, fault.Slot, Path.GetFileName(fault.Path), fault.Reason);
    }

    public string Directory => store.Directory;

    /// <summary>Checkpoints written since start.</summary>
    public long Written { get; private set; }

    /// <summary>Counts one tile whose products went to the downlink; true when a checkpoint is due.</summary>
    public bool TileDone() => schedule.TileDone();

    /// <summary>True when some APID has used half of its reserved sequence counts since the last checkpoint.</summary>
    public bool ReserveRunningLow()
    {
        for (int i = 0; i < countsAtWrite.Length; i++)
        {
            int used = (sink.NextSequenceCount(FlightDictionary.Apids[i]) - countsAtWrite[i] + SequenceCountModulus) % SequenceCountModulus;
            if (used >= SequenceReserve / 2)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes <paramref name="state"/> durably; a failure is an event, not an exception (the work goes on).</summary>
    public void Write(SceneState state, ulong modelHash)
    {
        var counts = new Dictionary<ushort, ushort>();
        for (int i = 0; i < countsAtWrite.Length; i++)
        {
            ApidDefinition apid = FlightDictionary.Apids[i];
            countsAtWrite[i] = sink.NextSequenceCount(apid);
            counts[(ushort)apid.Apid] = (ushort)((countsAtWrite[i] + SequenceReserve) % SequenceCountModulus);
        }

        PipelineProgress progress = new()
        {
            SceneId = state.Current is { } job ? job.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
            NextTile = state.NextTile,
            ModelHash = HashBytes(modelHash),
            ApidSequenceCounts = counts,
            PartialProducts = Encode(state),
        };
        try
        {
            store.Write(progress.ToBytes());
            Written++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            events.Emit(FlightDictionary.CheckpointFailed, e.Message);
        }

        schedule.Written();
    }

    /// <summary>
    /// Reads the newest valid checkpoint, continues every APID's sequence count from it and returns the state, or null
    /// when there is none. Unusable slots are events. A checkpoint of another model keeps the queue but starts the
    /// scene in progress over.
    /// </summary>
    public SceneState? Load(ulong modelHash, out long sequence)
    {
        sequence = 0;
        Checkpoint? checkpoint = store.Load();
        if (checkpoint is null)
        {
            return null;
        }

        PipelineProgress progress;
        SceneState state;
        try
        {
            progress = PipelineProgress.FromBytes(checkpoint.Data);
            state = Decode(progress);
        }
        catch (InvalidDataException e)
        {
            events.Emit(FlightDictionary.CheckpointRejected, checkpoint.Slot, CheckpointStore.SlotFileNames[checkpoint.Slot], e.Message);
            return null;
        }

        for (int i = 0; i < countsAtWrite.Length; i++)
        {
            ApidDefinition apid = FlightDictionary.Apids[i];
            if (progress.ApidSequenceCounts.TryGetValue((ushort)apid.Apid, out ushort count) && count < SequenceCountModulus)
            {
                sink.ContinueSequenceCount(apid, count);
            }

            countsAtWrite[i] = sink.NextSequenceCount(apid);
        }

        sequence = checkpoint.Sequence;
        if (!progress.ModelHash.AsSpan().SequenceEqual(HashBytes(modelHash)))
        {
            events.Emit(FlightDictionary.CheckpointModelChanged, Convert.ToHexString(progress.ModelHash), $"{modelHash:X16}");
            return state with { NextTile = 0, Tally = [] };
        }

        return state;
    }

    private static byte[] HashBytes(ulong hash)
    {
        byte[] bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, hash);
        return bytes;
    }

    // version u8 | has current u8 | current job | capture time i64 µs | tally length u16 | tally | queued u16 | jobs; little-endian.
    private static byte[] Encode(SceneState state)
    {
        int length = 1 + 1 + JobLength + 8 + 2 + state.Tally.Length + 2 + (state.Queued.Count * JobLength);
        byte[] bytes = new byte[length];
        Span<byte> s = bytes;
        s[0] = LayoutVersion;
        s[1] = state.Current is null ? (byte)0 : (byte)1;
        WriteJob(s[2..], state.Current ?? default);
        int at = 2 + JobLength;
        BinaryPrimitives.WriteInt64LittleEndian(s[at..], (state.CaptureTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(at + 8)..], (ushort)state.Tally.Length);
        state.Tally.CopyTo(s[(at + 10)..]);
        at += 10 + state.Tally.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(s[at..], (ushort)state.Queued.Count);
        at += 2;
        foreach (SceneJob job in state.Queued)
        {
            WriteJob(s[at..], job);
            at += JobLength;
        }

        return bytes;
    }

    private static SceneState Decode(PipelineProgress progress)
    {
        ReadOnlySpan<byte> s = progress.PartialProducts;
        int fixedLength = 1 + 1 + JobLength + 8 + 2;
        if (s.Length < fixedLength + 2 || s[0] != LayoutVersion)
        {
            throw new InvalidDataException($"scene progress of {s.Length} octets, layout {(s.Length > 0 ? s[0] : 0)}: expected layout {LayoutVersion} of at least {fixedLength + 2} octets");
        }

        SceneJob? current = s[1] == 1 ? ReadJob(s[2..]) : null;
        int at = 2 + JobLength;
        long microseconds = BinaryPrimitives.ReadInt64LittleEndian(s[at..]);
        int tallyLength = BinaryPrimitives.ReadUInt16LittleEndian(s[(at + 8)..]);
        at += 10;
        if (s.Length < at + tallyLength + 2)
        {
            throw new InvalidDataException($"scene progress of {s.Length} octets is too short for its {tallyLength}-octet tally");
        }

        byte[] tally = s.Slice(at, tallyLength).ToArray();
        at += tallyLength;
        int queued = BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
        at += 2;
        if (s.Length != at + (queued * JobLength))
        {
            throw new InvalidDataException($"scene progress says {queued} queued jobs ({queued * JobLength} octets) but {s.Length - at} octets follow");
        }

        var jobs = new List<SceneJob>(queued);
        for (int i = 0; i < queued; i++)
        {
            jobs.Add(ReadJob(s[(at + (i * JobLength))..]));
        }

        long latest = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        if (microseconds < 0 || microseconds > latest || progress.NextTile < 0)
        {
            throw new InvalidDataException($"scene progress has capture time {microseconds} µs (expected 0..{latest}) and next tile {progress.NextTile} (expected at least 0)");
        }

        DateTimeOffset captured = DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
        return new SceneState(current, progress.NextTile, captured, tally, jobs);
    }

    private static void WriteJob(Span<byte> s, SceneJob job)
    {
        s[0] = (byte)job.Kind;
        BinaryPrimitives.WriteUInt32LittleEndian(s[1..], job.Seed);
        BinaryPrimitives.WriteUInt16LittleEndian(s[5..], job.FirstTile);
        BinaryPrimitives.WriteUInt16LittleEndian(s[7..], job.Count);
    }

    private static SceneJob ReadJob(ReadOnlySpan<byte> s)
    {
        var kind = (SceneJobKind)s[0];
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidDataException($"scene job kind {s[0]} is not one of {string.Join(", ", Enum.GetValues<SceneJobKind>().Select(k => (int)k))}");
        }

        return new SceneJob(kind, BinaryPrimitives.ReadUInt32LittleEndian(s[1..]), BinaryPrimitives.ReadUInt16LittleEndian(s[5..]), BinaryPrimitives.ReadUInt16LittleEndian(s[7..]));
    }
}
