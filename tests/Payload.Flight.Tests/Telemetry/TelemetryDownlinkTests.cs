using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Links;
using Payload.Telemetry.Packets;

namespace Payload.Flight.Tests.Telemetry;

public sealed class TelemetryDownlinkTests
{
    private const int SpacecraftId = 300;

    [Test]
    public void An_alert_overtakes_a_saturated_product_channel_at_the_next_frames()
    {
        var downlink = new TelemetryDownlink(SpacecraftId, () => default);
        var random = new Random(7);
        byte[] bulk = new byte[4000];
        int bulkProducts = 0;
        while (downlink.PendingOctets(FlightDictionary.ProductApid) < 200_000)
        {
            random.NextBytes(bulk);
            Assert.That(downlink.SendProduct(FlightDictionary.ProductApid, bulk), Is.True);
            bulkProducts++;
        }

        var received = new List<int>();
        var receiver = new DownlinkReceiver(DownlinkFormat.Cadu, DownlinkFormat.Frames(SpacecraftId), (_, _) => { }, _ => { }, p => received.Add(p.Apid));
        // Half a bulk product leaves first: the alert is queued while the link is busy.
        for (int i = 0; i < 10; i++)
        {
            receiver.Push(downlink.TryNextCadu());
        }

        byte[] alert = new byte[3000];
        random.NextBytes(alert);
        Assert.That(downlink.SendProduct(FlightDictionary.AlertApid, alert), Is.True);
        int cadus = 0;
        while (!received.Contains(FlightDictionary.AlertApid.Apid))
        {
            receiver.Push(downlink.TryNextCadu());
            cadus++;
        }

        // 3000 octets in 4096-octet packets: one packet, 14 frame data fields of 211 octets.
        Assert.That(cadus, Is.LessThanOrEqualTo(16), "the alert's frames go first");
        Assert.That(received.Count(apid => apid == FlightDictionary.ProductApid.Apid), Is.LessThanOrEqualTo(1));
        Assert.That(downlink.PendingOctets(FlightDictionary.ProductApid), Is.GreaterThan(190_000), "the bulk backlog is still waiting");
        Assert.That(bulkProducts, Is.GreaterThan(45));
    }

    [Test]
    public void Sequence_counts_continue_where_they_are_set()
    {
        var downlink = new TelemetryDownlink(SpacecraftId, () => default);
        downlink.ContinueSequenceCount(FlightDictionary.EventApid, 5000);

        downlink.Send(FlightDictionary.EventApid, [1, 2, 3]);

        Assert.That(downlink.NextSequenceCount(FlightDictionary.EventApid), Is.EqualTo(5001));
        Assert.Throws<ArgumentOutOfRangeException>(() => downlink.ContinueSequenceCount(FlightDictionary.EventApid, SpacePacketEncoder.SequenceCountModulus));
    }
}
