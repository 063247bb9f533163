using Payload.Inference.Runtime;

namespace Payload.Inference.Hardening;

/// <summary>
/// Scrubs weight buffers: each buffer is split into blocks with a stored CRC-32C, and a golden copy
/// is kept twice (two managed arrays). Checking a block compares its live CRC with the stored one;
/// on a mismatch the block is rewritten from whichever golden copy still matches its CRC (and the
/// other copy is repaired too if it does not), and <see cref="BlockFaulted"/> is raised with the
/// range of results that may have used the bad bytes.
/// </summary>
/// <remarks>
/// <see cref="ScrubDue"/> paces the walk by the <see cref="TimeProvider"/> so every block is checked
/// once per <see cref="WeightScrubberOptions.Period"/>; <see cref="ScrubBlocks"/> and
/// <see cref="ScrubAll"/> step it explicitly. Checking allocates nothing. Use from one thread (the
/// inference thread, between runs), so a repair never races a run that reads the block.
/// </remarks>
public sealed class WeightScrubber
{
    private readonly Region[] _regions;
    private readonly (int Region, int Block)[] _blocks;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly TimeSpan _period;
    private readonly List<(long First, long Last)> _suspect = [];
    private long _checkedTotal;
    private long _results;

    /// <summary>Takes golden copies of <paramref name="buffers"/> (by name) as they are now, so they must be clean.</summary>
    public WeightScrubber(IEnumerable<KeyValuePair<string, TensorBuffer>> buffers, WeightScrubberOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        options ??= new WeightScrubberOptions();
        options.Validate();
        BlockSize = options.BlockSize;
        _period = options.Period;
        _time = time ?? TimeProvider.System;
        _regions = [.. buffers.Select(b => new Region(b.Key, b.Value, BlockSize))];
        _blocks = [.. _regions.SelectMany((r, i) => Enumerable.Range(0, r.Crcs.Length).Select(b => (i, b)))];
        _start = _time.GetTimestamp();
    }

    /// <summary>Raised (on the scrubbing thread) for every corrupted block found.</summary>
    public event EventHandler<WeightBlockFault>? BlockFaulted;

    public int BlockSize { get; }

    /// <summary>Blocks over all buffers.</summary>
    public int BlockCount => _blocks.Length;

    /// <summary>Block checks done.</summary>
    public long BlocksChecked => _checkedTotal;

    /// <summary>Complete walks over all blocks.</summary>
    public long Passes => _blocks.Length == 0 ? 0 : _checkedTotal / _blocks.Length;

    /// <summary>Corrupted blocks found.</summary>
    public long Faults { get; private set; }

    /// <summary>Corrupted blocks no golden copy could repair.</summary>
    public long Unrepairable { get; private set; }

    /// <summary>Results recorded so far (the sequence number of the latest result).</summary>
    public long Results => _results;

    /// <summary>
    /// A scrubber over every replica's weights of <paramref name="session"/>; buffers are named
    /// <c>replica{r}/{initializer}</c>.
    /// </summary>
    public static WeightScrubber For(RedundantSession session, WeightScrubberOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var buffers = new List<KeyValuePair<string, TensorBuffer>>();
        for (int r = 0; r < session.ReplicaCount; r++)
        {
            OwnedWeights weights = session.Weights(r);
            buffers.AddRange(weights.Names.Select(n => KeyValuePair.Create($"replica{r}/{n}", weights[n])));
        }

        return new WeightScrubber(buffers, options, time);
    }

    /// <summary>
    /// Notes that one result (a tile's output) was produced with the current weights and returns its
    /// sequence number (1, 2, …), to compare with a <see cref="WeightBlockFault"/>'s suspect range.
    /// </summary>
    public long RecordResult() => ++_results;

    /// <summary>Whether result <paramref name="sequence"/> falls in the suspect range of any fault found so far.</summary>
    public bool IsSuspect(long sequence)
    {
        foreach ((long first, long last) in _suspect)
        {
            if (sequence >= first && sequence <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks the blocks the clock says are due (at most one full pass per call); returns how many were checked.</summary>
    public int ScrubDue()
    {
        if (_blocks.Length == 0)
        {
            return 0;
        }

        TimeSpan elapsed = _time.GetElapsedTime(_start);
        long target = (long)(elapsed.Ticks * (double)_blocks.Length / _period.Ticks);
        long due = Math.Min(target - _checkedTotal, _blocks.Length);
        if (due <= 0)
        {
            return 0;
        }

        _checkedTotal = target - due; // a backlog beyond one pass is dropped, not replayed
        ScrubBlocks((int)due);
        return (int)due;
    }

    /// <summary>Checks the next <paramref name="count"/> blocks in walk order; returns the faults found.</summary>
    public int ScrubBlocks(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int faults = 0;
        for (int i = 0; i < count && _blocks.Length > 0; i++)
        {
            (int region, int block) = _blocks[_checkedTotal % _blocks.Length];
            _checkedTotal++;
            if (!Check(_regions[region], block))
            {
                faults++;
            }
        }

        return faults;
    }

    /// <summary>One full pass over all blocks from the current position; returns the faults found.</summary>
    public int ScrubAll() => ScrubBlocks(_blocks.Length);

    /// <summary>Golden copy <paramref name="copy"/> (0 or 1) of a buffer, for fault injection into the copies themselves.</summary>
    internal Span<byte> GoldenBytes(string buffer, int copy)
    {
        Region region = _regions.First(r => r.Name == buffer);
        return copy == 0 ? region.Golden : region.Spare;
    }

    private bool Check(Region region, int block)
    {
        int offset = block * BlockSize;
        int length = Math.Min(BlockSize, region.Golden.Length - offset);
        Span<byte> live = region.Live.AsBytes().Slice(offset, length);
        uint stored = region.Crcs[block];
        if (Crc32C.Compute(live) == stored)
        {
            region.LastClean[block] = _results;
            return true;
        }

        Faults++;
        bool goldenOk = Crc32C.Compute(region.Golden.AsSpan(offset, length)) == stored;
        bool spareOk = Crc32C.Compute(region.Spare.AsSpan(offset, length)) == stored;
        if (goldenOk)
        {
            region.Golden.AsSpan(offset, length).CopyTo(live);
            if (!spareOk)
            {
                region.Golden.AsSpan(offset, length).CopyTo(region.Spare.AsSpan(offset, length));
            }
        }
        else if (spareOk)
        {
            region.Spare.AsSpan(offset, length).CopyTo(live);
            region.Spare.AsSpan(offset, length).CopyTo(region.Golden.AsSpan(offset, length));
        }
        else
        {
            Unrepairable++;
        }

        long first = region.LastClean[block] + 1;
        _suspect.Add((first, _results));
        if (goldenOk || spareOk)
        {
            region.LastClean[block] = _results;
        }

        BlockFaulted?.Invoke(this, new WeightBlockFault(region.Name, block, offset, length, goldenOk || spareOk, first, _results));
        return false;
    }

    private sealed class Region
    {
        public Region(string name, TensorBuffer live, int blockSize)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(live);
            Name = name;
            Live = live;
            Golden = live.AsBytes().ToArray();
            Spare = live.AsBytes().ToArray();
            int blocks = (Golden.Length + blockSize - 1) / blockSize;
            Crcs = new uint[blocks];
            LastClean = new long[blocks];
            for (int b = 0; b < blocks; b++)
            {
                int offset = b * blockSize;
                Crcs[b] = Crc32C.Compute(Golden.AsSpan(offset, Math.Min(blockSize, Golden.Length - offset)));
            }
        }

        public string Name { get; }

        public TensorBuffer Live { get; }

        public byte[] Golden { get; }

        public byte[] Spare { get; }

        public uint[] Crcs { get; }

        public long[] LastClean { get; }
    }
}
