using Payload.Flight.Dictionary;
using Payload.Flight.Services;
using Payload.Flight.Telemetry;
using Payload.Telemetry.Links;

namespace Payload.Flight.Tests.Services;

public sealed class DownlinkPacerTests
{
    private const int CaduLength = 100;

    [Test]
    public void Unpaced_link_sends_without_limit()
    {
        var pacer = new DownlinkPacer(new SteppedTime(), bitsPerSecond: 0, burstOctets: CaduLength);

        for (int i = 0; i < 10_000; i++)
        {
            Assert.That(pacer.CanSend(CaduLength), Is.True);
            pacer.Sent(CaduLength);
        }
    }

    [TestCase(8_000, 1.0, 10)]
    [TestCase(8_000, 0.5, 5)]
    [TestCase(80_000, 1.0, 100)]
    [TestCase(800, 1.0, 1)]
    public void Cadus_leave_at_the_configured_bit_rate(long bitsPerSecond, double seconds, int expectedCadus)
    {
        var time = new SteppedTime();
        var pacer = new DownlinkPacer(time, bitsPerSecond, burstOctets: CaduLength);
        pacer.Sent(CaduLength); // the initial burst is spent
        int sent = 0;
        // Polled every millisecond, as a sender thread would, for the given time.
        for (int ms = 0; ms < seconds * 1000; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            while (pacer.CanSend(CaduLength))
            {
                pacer.Sent(CaduLength);
                sent++;
            }
        }

        Assert.That(sent, Is.EqualTo(expectedCadus));
    }

    [Test]
    public void An_idle_link_saves_up_no_more_than_the_burst()
    {
        var time = new SteppedTime();
        var pacer = new DownlinkPacer(time, bitsPerSecond: 8_000, burstOctets: 3 * CaduLength);

        time.Advance(TimeSpan.FromHours(1));
        int sent = 0;
        while (pacer.CanSend(CaduLength))
        {
            pacer.Sent(CaduLength);
            sent++;
        }

        Assert.That(sent, Is.EqualTo(3));
    }

    [TestCase(-1, CaduLength)]
    [TestCase(8_000, 0)]
    public void Bad_rates_and_bursts_are_refused(long bitsPerSecond, int burst)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new DownlinkPacer(new SteppedTime(), bitsPerSecond, burst));
    }

    [Test]
    public void On_a_paced_saturated_link_an_alert_queued_after_the_backlog_leaves_before_it()
    {
        const int SpacecraftId = 300;
        var downlink = new TelemetryDownlink(SpacecraftId, () => default);
        var time = new SteppedTime();
        int cadu = downlink.Format.CaduLength;
        // 100 CADUs a second.
        var pacer = new DownlinkPacer(time, bitsPerSecond: 100L * cadu * 8, burstOctets: cadu);
        var random = new Random(11);
        byte[] bulk = new byte[4000];
        for (int i = 0; i < 32; i++)
        {
            random.NextBytes(bulk);
            Assert.That(downlink.SendProduct(FlightDictionary.ProductApid, bulk), Is.True);
        }

        var received = new List<int>();
        var receiver = new DownlinkReceiver(DownlinkFormat.Cadu, DownlinkFormat.Frames(SpacecraftId), (_, _) => { }, _ => { }, p => received.Add(p.Apid));
        // The sender polls every millisecond.
        int Step(TimeSpan by)
        {
            int sent = 0;
            for (TimeSpan t = TimeSpan.Zero; t < by; t += TimeSpan.FromMilliseconds(1))
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
                while (pacer.CanSend(cadu))
                {
                    ReadOnlySpan<byte> next = downlink.TryNextCadu();
                    if (next.IsEmpty)
                    {
                        break;
                    }
                    receiver.Push(next);
                    pacer.Sent(cadu);
                    sent++;
                }
            }
            return sent;
        }

        // A tenth of a second of link: about 10 CADUs of bulk leave, the rest of 128 000 octets waits.
        int bulkCadus = Step(TimeSpan.FromMilliseconds(100));
        long backlog = downlink.PendingOctets(FlightDictionary.ProductApid);
        byte[] alert = new byte[1500];
        random.NextBytes(alert);
        Assert.That(downlink.SendProduct(FlightDictionary.AlertApid, alert), Is.True);
        double alertSeconds = 0;
        while (!received.Contains(FlightDictionary.AlertApid.Apid))
        {
            Step(TimeSpan.FromMilliseconds(10));
            alertSeconds += 0.01;
        }

        Assert.That(bulkCadus, Is.InRange(9, 11), "the pacer held the link to 100 CADUs a second");
        Assert.That(backlog, Is.GreaterThan(100_000), "the product channel is saturated");
        // 1500 octets take 8 frame data fields of 211 octets: at 100 CADUs a second, under a tenth of a second.
        Assert.That(alertSeconds, Is.LessThanOrEqualTo(0.1), "the alert went ahead of the bulk backlog");
        Assert.That(downlink.PendingOctets(FlightDictionary.ProductApid), Is.GreaterThan(backlog - (12 * cadu)), "the backlog still waits");
    }

    /// <summary>A timestamp source the test moves by hand.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
