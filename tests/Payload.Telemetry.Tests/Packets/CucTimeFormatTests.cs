using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Packets;

public class CucTimeFormatTests
{
    [TestCase(4, 2, CucEpoch.Ccsds1958, 0x1E)]
    [TestCase(4, 3, CucEpoch.AgencyDefined, 0x2F)]
    [TestCase(1, 0, CucEpoch.Ccsds1958, 0x10)]
    public void P_field_codes_epoch_coarse_and_fine_octets(int coarse, int fine, CucEpoch epoch, int expected)
    {
        Assert.That(new CucTimeFormat(coarse, fine, epoch).PField, Is.EqualTo(expected));
    }

    [Test]
    public void Time_code_is_P_field_then_big_endian_coarse_then_fine()
    {
        CucTimeFormat format = new(4, 2);
        byte[] bytes = new byte[format.Length];

        int written = format.Write(new CucTime(0x01020304, 0x8000), bytes);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(7));
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo("1E010203048000"));
            Assert.That(format.TryRead(bytes, out CucTime time, out _), Is.True);
            Assert.That(time, Is.EqualTo(new CucTime(0x01020304, 0x8000)));
        });
    }

    [Test]
    public void Half_a_second_is_the_top_bit_of_the_fine_octets()
    {
        CucTime time = new CucTimeFormat(4, 2).FromElapsed(TimeSpan.FromSeconds(100.5));

        Assert.That(time, Is.EqualTo(new CucTime(100, 0x8000)));
    }

    [Test]
    public void Reading_a_time_code_with_another_P_field_names_both_values()
    {
        bool ok = new CucTimeFormat(4, 2).TryRead([0x2F, 0, 0, 0, 0, 0, 0, 0], out _, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Is.EqualTo("CUC P-field is 0x2F, expected 0x1E"));
        });
    }

    [Test]
    public void Coarse_time_too_large_for_its_octets_is_refused()
    {
        CucTimeFormat format = new(1, 0);

        Assert.That(() => format.Write(new CucTime(256, 0), new byte[2]), Throws.ArgumentException.With.Message.Contains("Coarse time 256"));
    }

    [TestCase(0, 0)]
    [TestCase(5, 0)]
    [TestCase(4, 4)]
    public void Octet_counts_outside_the_P_field_range_are_refused(int coarse, int fine)
    {
        Assert.That(() => new CucTimeFormat(coarse, fine), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
