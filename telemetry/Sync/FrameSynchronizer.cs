using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Numerics;
using Payload.Telemetry.Coding;

namespace Payload.Telemetry.Sync;

/// <summary>
/// Ground-side frame synchroniser (131.0-B §9): finds the Attached Sync Marker at any bit offset of a byte
/// stream arriving in arbitrary chunks, tolerating marker bit errors and inverted polarity, and hands each
/// following codeblock, byte-aligned and in true polarity, to a <see cref="CaduHandler"/>.
/// </summary>
/// <remarks>
/// Search tries every bit position. A candidate enters check and is trusted only when the next
/// <see cref="FrameSynchronizerOptions.CheckCount"/> markers follow one CADU apart, so a marker-like pattern
/// in the data delivers nothing; a rejected candidate resumes the search one bit later. In lock only the
/// expected position is tried, so markers inside the data are never looked at; a missed marker is bridged
/// by the flywheel, and after more misses than it allows the search restarts one bit after the last
/// recognised marker, which finds a slipped stream again. Not thread-safe: one producer pushes.
/// Steady state allocates nothing: the stream is kept in one buffer and codeblocks are built in another.
/// </remarks>
public sealed class FrameSynchronizer
{
    private readonly FrameSynchronizerOptions _options;
    private readonly CaduHandler _handler;
    private readonly int _caduBits;
    private readonly byte[] _buffer;
    private readonly byte[] _codeblock;
    private int _count;
    private long _bufferStartBit;

    // Bit positions in _buffer. Search: next position to try. Check: the candidate. Lock: the next expected marker.
    private int _cursor;
    private int _lastRecognised;
    private int _confirmed;
    private int _missed;
    private bool _inverted;
    private bool _completed;

    private long _delivered;
    private long _flywheel;
    private long _locksAcquired;
    private long _locksLost;
    private long _falseMarkers;
    private long _truncated;

    /// <param name="options">Codeblock length, tolerances and check/flywheel counts.</param>
    /// <param name="handler">Called once per codeblock, synchronously from <see cref="Push"/> or <see cref="Complete"/>.</param>
    public FrameSynchronizer(FrameSynchronizerOptions options, CaduHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _handler = handler;
        int caduBytes = AttachedSyncMarker.Length + options.CodeblockLength;
        _caduBits = caduBytes * 8;

        // Lock keeps the stream from the last recognised marker up to the end of the flywheel run; check keeps
        // the candidate and the CADUs that confirm it. Twice that, so compaction is rare.
        int retained = (Math.Max(options.FlywheelCount + 2, options.CheckCount + 1) * caduBytes) + 2;
        _buffer = new byte[2 * retained];
        _codeblock = new byte[options.CodeblockLength];
    }

    /// <summary>Current state.</summary>
    public SynchronizerState State { get; private set; } = SynchronizerState.Search;

    /// <summary>Counters since creation.</summary>
    public FrameSynchronizerStatistics Statistics =>
        new(_delivered, _flywheel, _locksAcquired, _locksLost, _falseMarkers, _truncated);

    /// <summary>Feeds the next bytes of the stream; delivers every codeblock they complete.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
    public void Push(ReadOnlySpan<byte> data)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The stream was completed; create a new synchroniser for a new stream.");
        }

        while (!data.IsEmpty)
        {
            if (_count == _buffer.Length)
            {
                Compact();
            }

            int n = Math.Min(data.Length, _buffer.Length - _count);
            data[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            data = data[n..];
            Process();
        }
    }

    /// <summary>
    /// Ends the stream: a candidate still waiting for confirmation is accepted when its codeblock is complete
    /// (nothing contradicts it), and a marker without a complete codeblock is counted as truncated.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Process();
        while (State == SynchronizerState.Check)
        {
            if (!HasBits(_cursor, _caduBits))
            {
                _truncated++;
                return;
            }

            EnterLock();
            Process();
        }

        if (State == SynchronizerState.Lock && HasBits(_cursor, AttachedSyncMarker.LengthInBits)
            && MarkerBitErrors(_cursor) <= _options.LockBitErrors)
        {
            _truncated++;
        }
    }

    /// <summary>Pushes everything <paramref name="reader"/> yields; completes the stream when the writer completes.</summary>
    public async Task ReadFromAsync(PipeReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
            {
                Push(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                Complete();
                return;
            }

            if (result.IsCanceled)
            {
                return;
            }
        }
    }

    private void Process()
    {
        bool progressed = true;
        while (progressed)
        {
            progressed = State switch
            {
                SynchronizerState.Search => Search(),
                SynchronizerState.Check => Check(),
                _ => Track(),
            };
        }
    }

    /// <summary>Tries every bit position from the cursor; false when more data is needed.</summary>
    private bool Search()
    {
        int bytePosition = _cursor >> 3;
        int bit = _cursor & 7;
        int tolerance = _options.SearchBitErrors;

        // Five bytes cover a 32-bit marker starting at any bit of the first.
        while (bytePosition + AttachedSyncMarker.Length < _count)
        {
            ulong window = (ulong)BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(bytePosition)) << 8
                | _buffer[bytePosition + AttachedSyncMarker.Length];
            for (; bit < 8; bit++)
            {
                int errors = BitOperations.PopCount((uint)(window >> (8 - bit)) ^ AttachedSyncMarker.Value);
                bool inverted = AttachedSyncMarker.LengthInBits - errors <= tolerance && _options.DetectInvertedPolarity;
                if (errors <= tolerance || inverted)
                {
                    _cursor = (bytePosition * 8) + bit;
                    _inverted = inverted;
                    _confirmed = 0;
                    State = SynchronizerState.Check;
                    return true;
                }
            }

            bit = 0;
            bytePosition++;
        }

        _cursor = (bytePosition * 8) + bit;
        return false;
    }

    /// <summary>Looks for the confirming markers after the candidate; false when more data is needed.</summary>
    private bool Check()
    {
        while (_confirmed < _options.CheckCount)
        {
            int next = _cursor + ((_confirmed + 1) * _caduBits);
            if (!HasBits(next, AttachedSyncMarker.LengthInBits))
            {
                return false;
            }

            if (MarkerBitErrors(next) > _options.SearchBitErrors)
            {
                _falseMarkers++;
                _cursor++;
                State = SynchronizerState.Search;
                return true;
            }

            _confirmed++;
        }

        EnterLock();
        return true;
    }

    private void EnterLock()
    {
        State = SynchronizerState.Lock;
        _locksAcquired++;
        _missed = 0;
        _lastRecognised = _cursor;
    }

    /// <summary>Delivers the CADU at the expected position; false when it is not complete yet.</summary>
    private bool Track()
    {
        if (!HasBits(_cursor, _caduBits))
        {
            return false;
        }

        int marker = _cursor;
        int errors = MarkerBitErrors(marker);
        bool recognised = errors <= _options.LockBitErrors;
        if (recognised)
        {
            _missed = 0;
            _lastRecognised = marker;
        }
        else if (++_missed > _options.FlywheelCount)
        {
            _locksLost++;
            _cursor = _lastRecognised + 1;
            State = SynchronizerState.Search;
            return true;
        }

        _cursor += _caduBits;
        Deliver(marker, errors, flywheel: !recognised);
        return true;
    }

    private void Deliver(int marker, int errors, bool flywheel)
    {
        Span<byte> codeblock = _codeblock;
        CopyBits(marker + AttachedSyncMarker.LengthInBits, codeblock);
        if (_inverted)
        {
            BitwiseSpan.Not(codeblock);
        }

        _delivered++;
        if (flywheel)
        {
            _flywheel++;
        }

        _handler(codeblock, new CaduSyncInfo(_bufferStartBit + marker, errors, _inverted, flywheel));
    }

    /// <summary>Copies destination.Length bytes starting at bit <paramref name="startBit"/> of the buffer.</summary>
    private void CopyBits(int startBit, Span<byte> destination)
    {
        int first = startBit >> 3;
        int shift = startBit & 7;
        ReadOnlySpan<byte> source = _buffer.AsSpan(first);
        if (shift == 0)
        {
            source[..destination.Length].CopyTo(destination);
            return;
        }

        int i = 0;
        for (; i + sizeof(ulong) <= destination.Length; i += sizeof(ulong))
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(source[i..]) << shift | (uint)source[i + sizeof(ulong)] >> (8 - shift);
            BinaryPrimitives.WriteUInt64BigEndian(destination[i..], word);
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = (byte)(source[i] << shift | source[i + 1] >> (8 - shift));
        }
    }

    /// <summary>Marker bit errors at <paramref name="bit"/> in the polarity locked on.</summary>
    private int MarkerBitErrors(int bit)
    {
        int first = bit >> 3;
        int shift = bit & 7;
        ulong window = (ulong)BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(first)) << 8;
        if (shift != 0)
        {
            window |= _buffer[first + AttachedSyncMarker.Length];
        }

        int errors = BitOperations.PopCount((uint)(window >> (8 - shift)) ^ AttachedSyncMarker.Value);
        return _inverted ? AttachedSyncMarker.LengthInBits - errors : errors;
    }

    private bool HasBits(int bit, int length) => (long)bit + length <= (long)_count * 8;

    /// <summary>Drops the bytes no state can return to.</summary>
    private void Compact()
    {
        int keepFrom = (State == SynchronizerState.Lock ? _lastRecognised : _cursor) >> 3;
        if (keepFrom == 0)
        {
            throw new InvalidOperationException($"Synchroniser buffer of {_buffer.Length} bytes is full with nothing to drop (state {State}).");
        }

        _buffer.AsSpan(keepFrom, _count - keepFrom).CopyTo(_buffer);
        _count -= keepFrom;
        _cursor -= keepFrom * 8;
        _lastRecognised -= keepFrom * 8;
        _bufferStartBit += keepFrom * 8L;
    }
}
