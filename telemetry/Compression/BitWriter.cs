using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Payload.Telemetry.Compression;

/// <summary>
/// Writes bits MSB first into a span through a 64-bit accumulator, 32 bits at a time. The
/// caller checks capacity before each coded data set (the encoder knows its exact length),
/// so the per-bit paths carry no bounds checks.
/// </summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _destination;
    private ulong _accumulator;
    private int _pendingBits;
    private int _bytePosition;

    public BitWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Bits written so far, including those still in the accumulator.</summary>
    public readonly long BitPosition => ((long)_bytePosition * 8) + _pendingBits;

    /// <summary>Room left, in bits.</summary>
    public readonly long BitsLeft => ((long)_destination.Length * 8) - BitPosition;

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (0 ≤ count ≤ 32, value &lt; 2^count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(uint value, int count)
    {
        Debug.Assert(count is >= 0 and <= 32 && (count == 32 || value >> count == 0));
        _accumulator = (_accumulator << count) | value;
        _pendingBits += count;
        if (_pendingBits >= 32)
        {
            _pendingBits -= 32;
            uint word = (uint)(_accumulator >> _pendingBits);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(_destination), _bytePosition), BinaryPrimitives.ReverseEndianness(word));
            _bytePosition += 4;
        }
    }

    /// <summary>Appends the fundamental sequence codeword of <paramref name="value"/>: that many zeros, then a one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFundamentalSequence(uint value)
    {
        if (value < 32)
        {
            Write(1, (int)value + 1);
            return;
        }

        WriteLongFundamentalSequence(value);
    }

    /// <summary>Pads the last byte with zero bits and writes it; returns the bytes written in all.</summary>
    public int Finish()
    {
        int bytes = (_pendingBits + 7) >> 3;
        ulong aligned = _accumulator << ((bytes * 8) - _pendingBits);
        for (int i = bytes - 1; i >= 0; i--)
        {
            _destination[_bytePosition + i] = (byte)aligned;
            aligned >>= 8;
        }

        _bytePosition += bytes;
        _pendingBits = 0;
        return _bytePosition;
    }

    private void WriteLongFundamentalSequence(uint value)
    {
        while (value >= 32)
        {
            Write(0, 32);
            value -= 32;
        }

        Write(1, (int)value + 1);
    }
}
