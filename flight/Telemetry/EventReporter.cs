using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Payload.Flight.Dictionary;

namespace Payload.Flight.Telemetry;

/// <summary>
/// Formats events from their dictionary definition and sends them on the event APID
/// (id u16, severity u8, text length u16, UTF-8 text). The latest ones are kept for the console and the tests.
/// </summary>
internal sealed class EventReporter(IPacketSink sink, TimeProvider time, Action<FlightEvent>? log = null)
{
    private const int MaxTextLength = 512;
    private const int HeaderLength = 5;
    private const int Kept = 512;
    private readonly Queue<FlightEvent> recent = new();

    public IReadOnlyCollection<FlightEvent> Recent => recent;

    public long Count { get; private set; }

    public void Emit(EventDefinition definition, params object?[] arguments)
    {
        string text = string.Format(CultureInfo.InvariantCulture, definition.Format, arguments);
        var emitted = new FlightEvent(time.GetUtcNow(), definition, text);
        Count++;
        if (recent.Count == Kept)
        {
            recent.Dequeue();
        }
        recent.Enqueue(emitted);
        log?.Invoke(emitted);
        sink.Send(FlightDictionary.EventApid, Encode(definition, text));
    }

    public static byte[] Encode(EventDefinition definition, string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int length = Math.Min(utf8.Length, MaxTextLength);
        var packet = new byte[HeaderLength + length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, definition.Id);
        packet[2] = (byte)definition.Severity;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(3), (ushort)length);
        utf8.AsSpan(0, length).CopyTo(packet.AsSpan(HeaderLength));
        return packet;
    }

    /// <summary>Ground side: reads an event packet's user data.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out ushort id, out EventSeverity severity, out string text)
    {
        id = 0;
        severity = default;
        text = "";
        if (data.Length < HeaderLength)
        {
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        if (data.Length < HeaderLength + length)
        {
            return false;
        }
        id = BinaryPrimitives.ReadUInt16BigEndian(data);
        severity = (EventSeverity)data[2];
        text = Encoding.UTF8.GetString(data.Slice(HeaderLength, length));
        return true;
    }
}
