using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;

namespace Payload.Flight.Tests.Support;

/// <summary>Keeps every packet the executive sends, decoded by APID.</summary>
internal sealed class RecordingPacketSink : IPacketSink
{
    public List<(ApidDefinition Apid, byte[] Data)> Packets { get; } = [];

    public bool Send(ApidDefinition apid, ReadOnlySpan<byte> userData)
    {
        Packets.Add((apid, userData.ToArray()));
        return true;
    }

    public List<byte[]> Products { get; } = [];

    public bool SendProduct(ApidDefinition apid, ReadOnlySpan<byte> product)
    {
        Products.Add(product.ToArray());
        return true;
    }

    public IEnumerable<CommandAcknowledgement> Acknowledgements =>
        Packets.Where(p => p.Apid == FlightDictionary.AcknowledgementApid)
            .Select(p => CommandAcknowledgement.TryDecode(p.Data, out CommandAcknowledgement? a) ? a! : throw new InvalidDataException("bad acknowledgement packet"));

    public IEnumerable<(ushort Id, string Text)> Events =>
        Packets.Where(p => p.Apid == FlightDictionary.EventApid)
            .Select(p => EventReporter.TryDecode(p.Data, out ushort id, out _, out string text) ? (id, text) : throw new InvalidDataException("bad event packet"));

    public IReadOnlyDictionary<ushort, double>? LastHousekeeping =>
        Packets.LastOrDefault(p => p.Apid == FlightDictionary.HousekeepingApid).Data is byte[] data ? HousekeepingPacket.TryRead(data) : null;

    public void Clear() => Packets.Clear();
}
