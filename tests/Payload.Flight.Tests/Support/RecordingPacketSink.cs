using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;

namespace Payload.Flight.Tests.Support;

/// <summary>Keeps every packet the executive sends, decoded by APID, with the sequence count a downlink would give it (one per packet or product).</summary>
internal sealed class RecordingPacketSink : IPacketSink
{
    private readonly Dictionary<int, int> nextCount = [];

    public List<(ApidDefinition Apid, byte[] Data)> Packets { get; } = [];

    /// <summary>Products in the order sent, with their APID and sequence count.</summary>
    public List<(ApidDefinition Apid, int SequenceCount, byte[] Data)> SentProducts { get; } = [];

    public List<byte[]> Products { get; } = [];

    /// <summary>Octets <see cref="PendingOctets"/> reports, as if the downlink were that far behind.</summary>
    public long Backlog { get; set; }

    public bool Send(ApidDefinition apid, ReadOnlySpan<byte> userData)
    {
        Packets.Add((apid, userData.ToArray()));
        Advance(apid);
        return true;
    }

    public bool SendProduct(ApidDefinition apid, ReadOnlySpan<byte> product)
    {
        Products.Add(product.ToArray());
        SentProducts.Add((apid, Advance(apid), product.ToArray()));
        return true;
    }

    public long PendingOctets(ApidDefinition apid) => Backlog;

    public int NextSequenceCount(ApidDefinition apid) => nextCount.GetValueOrDefault(apid.Apid);

    public void ContinueSequenceCount(ApidDefinition apid, int count) => nextCount[apid.Apid] = count;

    public IEnumerable<CommandAcknowledgement> Acknowledgements =>
        Packets.Where(p => p.Apid == FlightDictionary.AcknowledgementApid)
            .Select(p => CommandAcknowledgement.TryDecode(p.Data, out CommandAcknowledgement? a) ? a! : throw new InvalidDataException("bad acknowledgement packet"));

    public IEnumerable<(ushort Id, string Text)> Events =>
        Packets.Where(p => p.Apid == FlightDictionary.EventApid)
            .Select(p => EventReporter.TryDecode(p.Data, out ushort id, out _, out string text) ? (id, text) : throw new InvalidDataException("bad event packet"));

    public IReadOnlyDictionary<ushort, double>? LastHousekeeping =>
        Packets.LastOrDefault(p => p.Apid == FlightDictionary.HousekeepingApid).Data is byte[] data ? HousekeepingPacket.TryRead(data) : null;

    public void Clear() => Packets.Clear();

    private int Advance(ApidDefinition apid)
    {
        int count = NextSequenceCount(apid);
        nextCount[apid.Apid] = (count + 1) % Payload.Telemetry.Packets.SpacePacketEncoder.SequenceCountModulus;
        return count;
    }
}
