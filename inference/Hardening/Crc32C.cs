using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Payload.Inference.Hardening;

/// <summary>
/// CRC-32C (Castagnoli): reflected polynomial 0x1EDC6F41, initial value and final XOR 0xFFFFFFFF,
/// as in RFC 3720 §B.4 (iSCSI). Uses the SSE4.2 <c>crc32</c> instruction where present and a
/// slice-by-8 table otherwise; both give the same value.
/// </summary>
public static class Crc32C
{
    /// <summary>The Castagnoli polynomial 0x1EDC6F41 bit-reversed, for LSB-first processing (RFC 3720 §B.4).</summary>
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a CRC: <c>Append(Compute(x), y) == Compute(x ++ y)</c>. Start from 0 for empty input.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) =>
        ~(Sse42.X64.IsSupported ? UpdateSse42(~crc, data) : UpdateTable(~crc, data));

    /// <summary>The portable slice-by-8 path, exposed so tests can check it against the intrinsic one.</summary>
    internal static uint ComputePortable(ReadOnlySpan<byte> data) => ~UpdateTable(~0u, data);

    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        ulong c = crc;
        while (data.Length >= 8)
        {
            c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        crc = (uint)c;
        foreach (byte b in data)
        {
            crc = Sse42.Crc32(crc, b);
        }

        return crc;
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<uint> t = Table;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (int)(low & 0xFF)] ^ t[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((low >> 16) & 0xFF)] ^ t[(4 * 256) + (int)(low >> 24)]
                ^ t[(3 * 256) + (int)(high & 0xFF)] ^ t[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    // Table k, entry n: the CRC of byte n followed by k zero bytes.
    private static uint[] BuildTable()
    {
        uint[] table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
            }

            table[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[((k - 1) * 256) + n];
                table[(k * 256) + n] = table[(int)(previous & 0xFF)] ^ (previous >> 8);
            }
        }

        return table;
    }
}
