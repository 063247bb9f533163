namespace Payload.Telemetry.Frames;

/// <summary>
/// CRC-16-CCITT as the TM frame error control field (CCSDS 132.0-B-3 §4.1.6.2): generator
/// x^16+x^12+x^5+1, register preset to all ones, no reflection, no final inversion. Table-driven,
/// one lookup per octet.
/// </summary>
public static class Crc16Ccitt
{
    /// <summary>Generator polynomial x^16+x^12+x^5+1 without the x^16 term (132.0-B-3 §4.1.6.2).</summary>
    public const ushort Polynomial = 0x1021;

    /// <summary>Register preset: all ones (132.0-B-3 §4.1.6.2).</summary>
    public const ushort InitialValue = 0xFFFF;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>CRC of <paramref name="data"/> from the all-ones preset.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(InitialValue, data);

    /// <summary>Continues a CRC over more octets.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc << 8) ^ table[(crc >> 8) ^ b]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        ushort[] table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
            }

            table[i] = (ushort)crc;
        }

        return table;
    }
}
