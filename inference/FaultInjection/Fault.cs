namespace Payload.Inference.FaultInjection;

/// <summary>
/// One upset of one little-endian tensor element: <paramref name="Model"/> decides what happens to
/// bit <paramref name="Bit"/> (and the <paramref name="Width"/> bits from it, or its byte).
/// </summary>
public readonly record struct Fault(FaultModel Model, int Bit, int Width = 1, byte Value = 0)
{
    /// <summary>IEEE 754-2019 §3.4 binary32: 23 trailing significand bits.</summary>
    internal const int Float32MantissaBits = 23;

    /// <summary>IEEE 754-2019 §3.4 binary32: the sign is bit 31.</summary>
    internal const int Float32SignBit = 31;

    /// <summary>The highest bit the fault can change (the top of its byte for byte faults).</summary>
    public int TopBit => Model switch
    {
        FaultModel.SingleBit => Bit,
        FaultModel.AdjacentBits => Bit + Width - 1,
        _ => (Bit / 8 * 8) + 7,
    };

    /// <summary>The binary32 field of <see cref="TopBit"/>.</summary>
    public BitField Field => FieldOf(TopBit);

    /// <summary>The binary32 field that holds <paramref name="bit"/>.</summary>
    public static BitField FieldOf(int bit) =>
        bit >= Float32SignBit ? BitField.Sign : bit >= Float32MantissaBits ? BitField.Exponent : BitField.Mantissa;

    /// <summary>Applies the fault to the bytes of one element (little endian: bit 0 is the lowest bit of byte 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bits it touches lie outside <paramref name="element"/>.</exception>
    public void Apply(Span<byte> element)
    {
        int bits = element.Length * 8;
        if (Bit < 0 || TopBit >= bits || Width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(element), $"Fault {this} touches bits {Bit}..{TopBit} of a {bits}-bit element.");
        }

        switch (Model)
        {
            case FaultModel.SingleBit:
            case FaultModel.AdjacentBits:
                for (int b = Bit; b <= TopBit; b++)
                {
                    element[b / 8] ^= (byte)(1 << (b % 8));
                }

                break;
            default:
                element[Bit / 8] = Value;
                break;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Model switch
    {
        FaultModel.SingleBit => $"flip bit {Bit}",
        FaultModel.AdjacentBits => $"flip bits {Bit}..{TopBit}",
        FaultModel.ByteStuckAt => $"byte {Bit / 8} stuck at 0x{Value:X2}",
        _ => $"byte {Bit / 8} := 0x{Value:X2}",
    };
}
