namespace Payload.Telemetry.Frames;

/// <summary>
/// CRC-16-CCITT as the TM frame error control field (CCSDS 132.0-B-3 §4.1.6.2): generator
/// x^16+x^12+x^5+1, register preset to all ones, no reflection, no final inversion. Table-driven,
/// eight octets per step ("slicing by 8"): table k holds the CRC contribution of an octet followed by
/// k zero octets, so eight independent lookups replace eight dependent ones.
/// </summary>
public static class Crc16Ccitt
{
    /// <summary>Generator polynomial x^16+x^12+x^5+1 without the x^16 term (132.0-B-3 §4.1.6.2).</summary>
    public const ushort Polynomial = 0x1021;

    /// <summary>Register preset: all ones (132.0-B-3 §4.1.6.2).</summary>
    public const ushort InitialValue = 0xFFFF;

    private const int Slices = 8;

    // Tables[k * 256 + v]: CRC (from zero) of octet v followed by k zero octets.
    private static readonly ushort[] Tables = BuildTables();

    /// <summary>CRC of <paramref name="data"/> from the all-ones preset.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(InitialValue, data);

    /// <summary>Continues a CRC over more octets.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ushort> t = Tables;
        int i = 0;
        for (; i + Slices <= data.Length; i += Slices)
        {
            int top = crc ^ ((data[i] << 8) | data[i + 1]);
            crc = (ushort)(t[(7 * 256) + (top >> 8)] ^ t[(6 * 256) + (top & 0xFF)]
                ^ t[(5 * 256) + data[i + 2]] ^ t[(4 * 256) + data[i + 3]]
                ^ t[(3 * 256) + data[i + 4]] ^ t[(2 * 256) + data[i + 5]]
                ^ t[256 + data[i + 6]] ^ t[data[i + 7]]);
        }

        for (; i < data.Length; i++)
        {
            crc = (ushort)((crc << 8) ^ t[(crc >> 8) ^ data[i]]);
        }

        return crc;
    }

    private static ushort[] BuildTables()
    {
        ushort[] tables = new ushort[Slices * 256];
        for (int v = 0; v < 256; v++)
        {
            int crc = v << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
            }

            tables[v] = (ushort)crc;
        }

        for (int k = 1; k < Slices; k++)
        {
            for (int v = 0; v < 256; v++)
            {
                int previous = tables[((k - 1) * 256) + v];
                tables[(k * 256) + v] = (ushort)((previous << 8) ^ tables[previous >> 8]);
            }
        }

        return tables;
    }
}
