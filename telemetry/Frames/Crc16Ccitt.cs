namespace Payload.Telemetry.Frames;

/// <summary>CRC-16-CCITT (poly 0x1021, MSB first, no reflection, no final XOR): TM/TC FECF and CFDP PDU CRC.</summary>
public static class Crc16Ccitt
{
    // CCSDS 132.0-B-3 §4.1.6 / 232.0-B-4 §4.1.4.2: generator x^16 + x^12 + x^5 + 1.
    private const ushort Polynomial = 0x1021;

    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> data, ushort initial = 0xFFFF)
    {
        ushort crc = initial;
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc << 8) ^ table[(crc >> 8) ^ b]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort crc = (ushort)(i << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ Polynomial) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
