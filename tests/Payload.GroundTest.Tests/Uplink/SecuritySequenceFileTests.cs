using Payload.GroundTest.Tests.Commands;
using Payload.GroundTest.Uplink;

namespace Payload.GroundTest.Tests.Uplink;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecuritySequenceFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Tenths of a second from 2025-01-01 to <see cref="Now"/>.</summary>
    private const uint TimeBased = 690 * 24 * 3600 * 10u;

    [Test]
    public void Without_a_file_the_first_number_is_tenths_of_a_second_since_2025()
    {
        using TempFolder folder = new();

        Assert.That(SecuritySequenceFile.First(folder.File("uplink.keys"), 1, null, Now), Is.EqualTo(TimeBased));
    }

    [Test]
    public void A_recorded_number_above_the_clock_wins_so_a_session_after_an_upload_is_not_a_replay()
    {
        using TempFolder folder = new();
        string keys = folder.File("uplink.keys");

        SecuritySequenceFile.Record(keys, 1, TimeBased + 5000);

        Assert.Multiple(() =>
        {
            Assert.That(SecuritySequenceFile.First(keys, 1, null, Now), Is.EqualTo(TimeBased + 5000));
            Assert.That(SecuritySequenceFile.First(keys, 2, null, Now), Is.EqualTo(TimeBased), "numbers are per SPI");
            Assert.That(SecuritySequenceFile.First(keys, 1, null, Now.AddHours(1)), Is.EqualTo(TimeBased + 36000), "the clock wins once it has passed");
            Assert.That(SecuritySequenceFile.First(keys, 1, 7, Now), Is.EqualTo(7), "--sequence still overrides");
            Assert.That(File.GetUnixFileMode(SecuritySequenceFile.PathFor(keys)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public void Recording_never_lowers_the_number()
    {
        using TempFolder folder = new();
        string keys = folder.File("uplink.keys");

        SecuritySequenceFile.Record(keys, 3, 900);
        SecuritySequenceFile.Record(keys, 3, 100);
        SecuritySequenceFile.Record(keys, 4, 50);

        Assert.That(File.ReadAllLines(SecuritySequenceFile.PathFor(keys)), Is.EqualTo(new[] { "3 900", "4 50" }));
    }

    [TestCase("1")]
    [TestCase("1 x")]
    [TestCase("70000 5")]
    [TestCase("1 2 3")]
    public void A_malformed_line_is_refused_with_the_file_and_line(string line)
    {
        using TempFolder folder = new();
        string keys = folder.File("uplink.keys");
        File.WriteAllText(SecuritySequenceFile.PathFor(keys), line + "\n");

        Assert.That(() => SecuritySequenceFile.First(keys, 1, null, Now),
            Throws.TypeOf<FormatException>().With.Message.Contains(line).And.Message.Contains("uplink.keys.sequence"));
    }
}
