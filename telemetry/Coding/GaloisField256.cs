namespace Payload.Telemetry.Coding;

/// <summary>
/// GF(2^8) of the CCSDS Reed-Solomon code, and the mapping between the conventional (polynomial) basis
/// the arithmetic uses and the dual basis the symbols are sent in.
/// </summary>
internal static class GaloisField256
{
    /// <summary>Field generator polynomial F(x) = x^8 + x^7 + x^2 + x + 1 (131.0-B §4.3.2); α is a root of it.</summary>
    public const int FieldPolynomial = 0x187;

    /// <summary>Number of non-zero field elements, the order of α.</summary>
    public const int Order = 255;

    /// <summary>The dual basis is {1, β, …, β^7} with β = α^117: dual bit k (MSB first) of z is Tr(z·β^k) (131.0-B §4.3.9, Annex F).</summary>
    public const int DualBasisExponent = 117;

    /// <summary>α^i for i in [0, 2·255): doubled so a sum of two logarithms needs no reduction.</summary>
    public static readonly byte[] Exp = new byte[2 * Order];

    /// <summary>log_α(z) for z ≠ 0; Log[0] is meaningless.</summary>
    public static readonly byte[] Log = new byte[256];

    /// <summary>Conventional → dual basis.</summary>
    public static readonly byte[] ToDual = new byte[256];

    /// <summary>Dual → conventional basis.</summary>
    public static readonly byte[] FromDual = new byte[256];

#pragma warning disable CA1810 // the tables depend on each other; one static constructor builds them in order
    static GaloisField256()
#pragma warning restore CA1810
    {
        int value = 1;
        for (int i = 0; i < Order; i++)
        {
            Exp[i] = (byte)value;
            Exp[i + Order] = (byte)value;
            Log[value] = (byte)i;
            value <<= 1;
            if (value > 0xFF)
            {
                value ^= FieldPolynomial;
            }
        }

        for (int z = 0; z < 256; z++)
        {
            int dual = 0;
            for (int k = 0; k < 8; k++)
            {
                dual = dual << 1 | Trace(Multiply((byte)z, Power(DualBasisExponent * k)));
            }

            ToDual[z] = (byte)dual;
            FromDual[dual] = (byte)z;
        }
    }

    /// <summary>α^exponent for any integer exponent.</summary>
    public static byte Power(int exponent)
    {
        int e = exponent % Order;
        return Exp[e < 0 ? e + Order : e];
    }

    public static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    /// <summary>a / b for b ≠ 0.</summary>
    public static byte Divide(byte a, byte b) => a == 0 ? (byte)0 : Exp[Log[a] + Order - Log[b]];

    /// <summary>Tr(z) = z + z^2 + z^4 + … + z^128, which is 0 or 1.</summary>
    private static int Trace(byte z)
    {
        int sum = 0;
        byte power = z;
        for (int i = 0; i < 8; i++)
        {
            sum ^= power;
            power = Multiply(power, power);
        }

        return sum & 1;
    }
}
