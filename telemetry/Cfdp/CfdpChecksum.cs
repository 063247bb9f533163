namespace Payload.Telemetry.Cfdp;

/// <summary>
/// The CFDP modular checksum (CCSDS 727.0-B-5 §4.2.2.2 / Annex F): the sum mod 2^32 of the file read as big-endian
/// 32-bit words aligned on file offset 0. Offset-aligned, so data may be added in any order.
/// </summary>
internal struct CfdpChecksum
{
    public uint Value { get; private set; }

    public void Add(ulong offset, ReadOnlySpan<byte> data)
    {
        uint sum = Value;
        int shift = 24 - (int)((offset & 3) * 8);
        foreach (byte b in data)
        {
            sum += (uint)b << shift;
            shift = shift == 0 ? 24 : shift - 8;
        }

        Value = sum;
    }
}
