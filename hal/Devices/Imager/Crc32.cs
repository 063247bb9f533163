namespace Payload.Hal.Devices.Imager;

/// <summary>
/// CRC-32 as in IEEE 802.3 / zlib (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF);
/// check value of "123456789" is 0xCBF43926. Table-driven, no allocation per call.
/// </summary>
internal static class Crc32
{
    /// <summary>Reflected form of the IEEE 802.3 polynomial 0x04C11DB7.</summary>
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Starting value to pass to <see cref="Update"/>.</summary>
    public const uint Initial = 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    public static uint Finish(uint crc) => ~crc;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
