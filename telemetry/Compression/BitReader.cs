using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// Reads bits MSB first from a span through a left-aligned 64-bit window refilled eight bytes
/// at a time. Running out of input throws <see cref="Ccsds121Exception"/> naming the bit offset
/// and the block being decoded.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _source;
    private ulong _window;
    private int _windowBits;
    private int _bytePosition;

    public BitReader(ReadOnlySpan<byte> source)
    {
        _source = source;
    }

    /// <summary>The block being decoded, named in errors.</summary>
    public long BlockIndex { get; set; }

    /// <summary>Bits consumed so far.</summary>
    public readonly long BitPosition => ((long)_bytePosition * 8) - _windowBits;

    /// <summary>Bits not yet consumed.</summary>
    public readonly long BitsLeft => ((long)_source.Length * 8) - BitPosition;

    /// <summary>True when every bit not yet consumed is zero (the fill bits after the last coded data set).</summary>
    public readonly bool OnlyZeroFillLeft
    {
        get
        {
            long position = BitPosition;
            int byteIndex = (int)(position >> 3);
            if (byteIndex >= _source.Length)
            {
                return true;
            }

            int usedBits = (int)(position & 7);
            if ((byte)(_source[byteIndex] << usedBits) != 0)
            {
                return false;
            }

            return !_source[(byteIndex + 1)..].ContainsAnyExcept((byte)0);
        }
    }

    /// <summary>Reads <paramref name="count"/> bits (1 ≤ count ≤ 32) as an unsigned number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Read(int count)
    {
        if (_windowBits < count)
        {
            Refill();
            if (_windowBits < count)
            {
                Ccsds121Throw.Truncated(BitPosition, BlockIndex, count);
            }
        }

        uint value = (uint)(_window >> (64 - count));
        _window <<= count;
        _windowBits -= count;
        return value;
    }

    /// <summary>Reads a fundamental sequence codeword: counts zeros up to and including the terminating one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadFundamentalSequence()
    {
        int zeros = BitOperations.LeadingZeroCount(_window);
        if (zeros < _windowBits)
        {
            _window <<= zeros + 1;
            _windowBits -= zeros + 1;
            return (uint)zeros;
        }

        return ReadLongFundamentalSequence();
    }

    private uint ReadLongFundamentalSequence()
    {
        uint value = 0;
        while (true)
        {
            int zeros = BitOperations.LeadingZeroCount(_window);
            if (zeros < _windowBits)
            {
                _window <<= zeros + 1;
                _windowBits -= zeros + 1;
                return value + (uint)zeros;
            }

            value += (uint)_windowBits;
            _window = 0;
            _windowBits = 0;
            Refill();
            if (_windowBits == 0)
            {
                Ccsds121Throw.Truncated(BitPosition, BlockIndex, 1);
            }
        }
    }

    /// <summary>Tops the window up to at least 56 bits, or to the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Refill()
    {
        if (_bytePosition + 8 <= _source.Length)
        {
            // Bits below the valid count may be loaded again by the next refill; they are the same stream bits.
            ulong next = BinaryPrimitives.ReadUInt64BigEndian(_source[_bytePosition..]);
            _window |= next >> _windowBits;
            _bytePosition += (63 - _windowBits) >> 3;
            _windowBits |= 56;
            return;
        }

        RefillNearEnd();
    }

    private void RefillNearEnd()
    {
        // Clear stale bits below the valid count before OR-ing bytes in one at a time.
        _window = _windowBits == 0 ? 0 : _window & (ulong.MaxValue << (64 - _windowBits));
        while (_windowBits <= 55 && _bytePosition < _source.Length)
        {
            _window |= (ulong)_source[_bytePosition] << (56 - _windowBits);
            _bytePosition++;
            _windowBits += 8;
        }
    }
}
