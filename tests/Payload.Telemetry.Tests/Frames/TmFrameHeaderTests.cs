using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Tests.Frames;

public class TmFrameHeaderTests
{
    private static readonly TmFrameConfiguration Configuration = new(frameLength: 223, spacecraftId: 0x2A5);

    [Test]
    public void Header_fields_are_packed_as_132_0_B_3_section_4_1_2_lays_them_out()
    {
        TmFrameHeader header = new(SpacecraftId: 0x2A5, VirtualChannelId: 3, HasOperationalControlField: true, MasterChannelFrameCount: 0x12, VirtualChannelFrameCount: 0x34, FirstHeaderPointer: 0x123);
        byte[] bytes = new byte[6];
        header.WriteTo(bytes);

        // 00 1010100101 011 1 | 0x12 | 0x34 | 0 0 0 11 00100100011
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo("2A57" + "12" + "34" + "1923"));
            Assert.That(TmFrameHeader.Read(bytes), Is.EqualTo(header));
        });
    }

    private static IEnumerable<TestCaseData> ImpossibleHeaders()
    {
        TmFrameHeader good = new(0x2A5, 1, false, 0, 0, 0);
        yield return new TestCaseData(good with { Version = 1 }, "transfer frame version number is 1, expected 0").SetName("Version_1_is_rejected");
        yield return new TestCaseData(good with { SpacecraftId = 7 }, "spacecraft id is 7, expected 677").SetName("Foreign_spacecraft_id_is_rejected");
        yield return new TestCaseData(good with { HasOperationalControlField = true }, "OCF flag is 1, expected 0").SetName("Unexpected_OCF_flag_is_rejected");
        yield return new TestCaseData(good with { IsSynchronised = true }, "synchronisation flag is 1").SetName("Sync_flag_is_rejected");
        yield return new TestCaseData(good with { SegmentLengthId = 0 }, "segment length identifier is 0, expected 3").SetName("Segment_length_id_0_is_rejected");
        yield return new TestCaseData(good with { FirstHeaderPointer = 300 }, "first header pointer is 300, beyond the 215-octet data field").SetName("Pointer_past_the_data_field_is_rejected");
    }

    [TestCaseSource(nameof(ImpossibleHeaders))]
    public void Validation_names_the_field_and_both_values(TmFrameHeader header, string expected)
    {
        bool ok = header.TryValidate(Configuration, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain(expected));
        });
    }

    [TestCase(TmFrameHeader.NoPacketStart)]
    [TestCase(TmFrameHeader.IdleData)]
    [TestCase(214)]
    public void Reserved_pointers_and_the_last_data_octet_are_valid(int pointer)
    {
        Assert.That(new TmFrameHeader(0x2A5, 1, false, 0, 0, pointer).TryValidate(Configuration, out _), Is.True);
    }

    [TestCase(2049)]
    [TestCase(8)]
    public void Configuration_rejects_impossible_frame_lengths(int length)
    {
        Assert.That(() => new TmFrameConfiguration(length, 1, hasOperationalControlField: true), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("frameLength"));
    }
}
