namespace Payload.GroundTest.Imaging;

/// <summary>
/// CRC-32/ISO-HDLC, the CRC of PNG chunks (PNG spec, 3rd ed., §5.5 and annex D): reflected
/// generator 0x04C11DB7, register preset to all ones, result inverted. Check value of "123456789": 0xCBF43926.
/// </summary>
internal static class Crc32
{
    /// <summary>The generator 0x04C11DB7 bit-reversed, for the LSB-first (reflected) register.</summary>
    public const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Start, data));

    /// <summary>Register value before the first octet.</summary>
    public const uint Start = 0xFFFFFFFF;

    /// <summary>Continues a running (not yet finished) CRC over more octets.</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            register = Table[(byte)(register ^ b)] ^ (register >> 8);
        }

        return register;
    }

    /// <summary>The CRC of a running register: its complement.</summary>
    public static uint Finish(uint register) => ~register;

    private static uint[] BuildTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
