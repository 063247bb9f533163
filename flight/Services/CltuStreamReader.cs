using System.Buffers.Binary;

namespace Payload.Flight.Services;

/// <summary>
/// Cuts CLTUs out of a byte stream (TCP, serial, file): start sequence, then 8-octet codeblocks up to and including the
/// tail sequence (CCSDS 231.0-B-4 §4.2). Octets before a start sequence are skipped; a CLTU longer than the limit is
/// abandoned and the search starts again.
/// </summary>
internal sealed class CltuStreamReader(Stream stream, int maxLength)
{
    // CCSDS 231.0-B-4 §4.2.2: start sequence 0xEB90; §4.2.4: tail sequence C5C5C5C5C5C5C579; codeblocks of 8 octets.
    private const ushort StartSequence = 0xEB90;
    private const ulong TailSequence = 0xC5C5C5C5C5C5C579;
    private const int CodeblockLength = 8;

    private readonly byte[] buffer = new byte[maxLength];

    /// <summary>The next CLTU, or null at end of stream.</summary>
    public async Task<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        while (true)
        {
            int previous = -1;
            while (true)
            {
                if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
                {
                    return null;
                }
                if (previous >= 0 && ((previous << 8) | one[0]) == StartSequence)
                {
                    break;
                }
                previous = one[0];
            }
            BinaryPrimitives.WriteUInt16BigEndian(buffer, StartSequence);
            int length = 2;
            while (length + CodeblockLength <= buffer.Length)
            {
                if (!await ReadExactlyAsync(buffer.AsMemory(length, CodeblockLength), cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
                length += CodeblockLength;
                if (BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(length - CodeblockLength)) == TailSequence)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }
            }
        }
    }

    private async Task<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }
}
