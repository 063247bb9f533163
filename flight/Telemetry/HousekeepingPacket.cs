using System.Buffers.Binary;
using Payload.Flight.Dictionary;

namespace Payload.Flight.Telemetry;

/// <summary>Housekeeping packet layout: channel count u16, then per channel id u16 and value f64 (big-endian).</summary>
public static class HousekeepingPacket
{
    private const int CountLength = 2;
    private const int EntryLength = 10;

    public static int Length(int channels) => CountLength + (channels * EntryLength);

    public static void Write(IReadOnlyList<ChannelDefinition> channels, ReadOnlySpan<double> values, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)channels.Count);
        int at = CountLength;
        for (int i = 0; i < channels.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], channels[i].Id);
            BinaryPrimitives.WriteDoubleBigEndian(destination[(at + 2)..], values[i]);
            at += EntryLength;
        }
    }

    /// <summary>Ground side: channel id → value, or null when the packet is malformed.</summary>
    public static IReadOnlyDictionary<ushort, double>? TryRead(ReadOnlySpan<byte> data)
    {
        if (data.Length < CountLength)
        {
            return null;
        }
        int count = BinaryPrimitives.ReadUInt16BigEndian(data);
        if (data.Length != Length(count))
        {
            return null;
        }
        var values = new Dictionary<ushort, double>(count);
        for (int i = 0, at = CountLength; i < count; i++, at += EntryLength)
        {
            values[BinaryPrimitives.ReadUInt16BigEndian(data[at..])] = BinaryPrimitives.ReadDoubleBigEndian(data[(at + 2)..]);
        }
        return values;
    }
}
