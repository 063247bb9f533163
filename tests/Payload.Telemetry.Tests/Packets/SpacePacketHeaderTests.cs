using Payload.Telemetry.Packets;

namespace Payload.Telemetry.Tests.Packets;

public class SpacePacketHeaderTests
{
    [Test]
    public void Header_fields_are_packed_as_133_0_B_2_section_4_1_3_lays_them_out()
    {
        SpacePacketHeader header = new(PacketType.Telemetry, hasSecondaryHeader: true, apid: 0x123, SequenceFlags.First, sequenceCount: 0x2ABC, dataFieldLength: 0x0100);
        byte[] bytes = new byte[6];
        header.WriteTo(bytes);

        // 000 0 1 00100100011 | 01 10101010111100 | 0x00FF
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("0923" + "6ABC" + "00FF"));
    }

    [Test]
    public void Parse_returns_every_field_written()
    {
        SpacePacketHeader header = new(PacketType.Telecommand, false, 2046, SequenceFlags.Last, 16383, 65536);
        byte[] bytes = new byte[6];
        header.WriteTo(bytes);

        Assert.That(SpacePacketHeader.Parse(bytes), Is.EqualTo(header));
    }

    [Test]
    public void Parse_rejects_a_nonzero_version_and_names_it()
    {
        byte[] bytes = [0x20, 0x01, 0xC0, 0x00, 0x00, 0x00];

        Assert.That(() => SpacePacketHeader.Parse(bytes), Throws.TypeOf<SpacePacketFormatException>().With.Message.Contains("version number is 1, expected 0"));
    }

    [TestCase(0)]
    [TestCase(5)]
    public void TryParse_of_a_truncated_header_fails_and_says_how_much_arrived(int length)
    {
        bool ok = SpacePacketHeader.TryParse(new byte[length], out SpacePacketHeader header, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(header, Is.EqualTo(default(SpacePacketHeader)));
            Assert.That(error, Does.Contain($"{length} of 6 octets"));
        });
    }

    [TestCase(2048, 0, 1)]
    [TestCase(-1, 0, 1)]
    [TestCase(1, 16384, 1)]
    [TestCase(1, 0, 0)]
    [TestCase(1, 0, 65537)]
    public void Constructor_rejects_fields_wider_than_their_bits(int apid, int count, int dataLength)
    {
        Assert.That(() => new SpacePacketHeader(PacketType.Telemetry, false, apid, SequenceFlags.Unsegmented, count, dataLength), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryRead_of_a_packet_whose_length_points_past_the_buffer_consumes_nothing()
    {
        byte[] bytes = [0x00, 0x05, 0xC0, 0x00, 0x00, 0x09, 1, 2, 3];

        bool ok = SpacePacket.TryRead(bytes, out _, out int length, out string? error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(length, Is.Zero);
            Assert.That(error, Does.Contain("data length field 9").And.Contain("needs 16 octets, only 9 available"));
        });
    }
}
