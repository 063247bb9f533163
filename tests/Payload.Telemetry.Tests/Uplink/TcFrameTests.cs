using System.Buffers.Binary;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Uplink;

public class TcFrameTests
{
    private static readonly TcFrameFormat Plain = new(0x2AB, hasSegmentHeader: false);
    private static readonly TcFrameFormat Segmented = new(0x2AB);

    private static byte[] Write(TcFrameFormat format, TcFrameHeader header, byte[] data)
    {
        var encoder = new TcFrameEncoder(format);
        var frame = new byte[encoder.GetFrameLength(header.Type, data.Length)];
        Assert.That(encoder.Write(header, data, frame), Is.EqualTo(frame.Length));
        return frame;
    }

    private static void Reseal(byte[] frame) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), Crc16Ccitt.Compute(frame.AsSpan(0, frame.Length - 2)));

    [Test]
    public void Type_AD_header_fields_land_on_their_bits()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 5, 0x42), [0xA1, 0xA2, 0xA3]);

        Assert.That(Convert.ToHexString(frame.AsSpan(0, 8)), Is.EqualTo("02AB140942A1A2A3"));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(8)), Is.EqualTo(Crc16Ccitt.Compute(frame.AsSpan(0, 8))));
    }

    [TestCase(TcFrameType.Ad, 0x02)]
    [TestCase(TcFrameType.Bd, 0x22)]
    [TestCase(TcFrameType.Bc, 0x32)]
    public void Bypass_and_control_command_flags_encode_the_frame_type(TcFrameType type, int firstOctet)
    {
        Assert.That(Write(Plain, new TcFrameHeader(type, 1, 0), [0])[0], Is.EqualTo(firstOctet));
    }

    [Test]
    public void Segment_header_marks_unsegmented_data_with_its_MAP_ID()
    {
        byte[] frame = Write(Segmented, new TcFrameHeader(TcFrameType.Ad, 1, 0, MapId: 9), [0xEE]);
        Assert.That(frame[5], Is.EqualTo(0b1100_1001));
    }

    [Test]
    public void Type_BC_frames_never_carry_a_segment_header()
    {
        byte[] frame = Write(Segmented, new TcFrameHeader(TcFrameType.Bc, 1, 0), [0x00]);
        Assert.That(frame, Has.Length.EqualTo(5 + 1 + 2));
    }

    private static IEnumerable<TestCaseData> RoundTripCases()
    {
        foreach (TcFrameFormat format in new[] { Plain, Segmented, new TcFrameFormat(7, true, hasFecf: false) })
        {
            foreach (TcFrameType type in Enum.GetValues<TcFrameType>())
            {
                yield return new TestCaseData(format, type).SetName($"Round trip {type} segment={format.HasSegmentHeader} fecf={format.HasFecf}");
            }
        }
    }

    [TestCaseSource(nameof(RoundTripCases))]
    public void Parser_reads_back_what_the_encoder_wrote(TcFrameFormat format, TcFrameType type)
    {
        byte[] data = [1, 2, 3, 4, 5];
        var header = new TcFrameHeader(type, 63, 255, MapId: type == TcFrameType.Bc || !format.HasSegmentHeader ? (byte)0 : (byte)63);
        byte[] frame = Write(format, header, data);
        byte[] input = [.. frame, 0x55, 0x55];

        bool parsed = new TcFrameParser(format).TryParse(input, out TcFrame result, out TcFrameError error);

        Assert.That(parsed, Is.True, error.Message);
        Assert.That(result.Header, Is.EqualTo(header));
        Assert.That(result.SpacecraftId, Is.EqualTo(format.SpacecraftId));
        Assert.That(result.Frame.Length, Is.EqualTo(frame.Length));
        Assert.That(result.DataField.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public void Encoder_refuses_frames_longer_than_1024_octets()
    {
        Assert.That(() => Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), new byte[1018]), Throws.ArgumentException.With.Message.Contains("1025"));
    }

    [TestCase(0)]
    [TestCase(4)]
    public void Truncated_primary_header_is_reported(int length)
    {
        AssertRejected(new byte[length], Plain, TcFrameField.PrimaryHeader, length);
    }

    [Test]
    public void Version_other_than_zero_is_rejected()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1]);
        frame[0] |= 0x40;
        AssertRejected(frame, Plain, TcFrameField.VersionNumber, 1);
    }

    [Test]
    public void Control_command_flag_without_bypass_is_rejected()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1]);
        frame[0] |= 0x10;
        AssertRejected(frame, Plain, TcFrameField.FrameTypeFlags, 1);
    }

    [Test]
    public void Non_zero_spare_bits_are_rejected()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1]);
        frame[0] |= 0x04;
        AssertRejected(frame, Plain, TcFrameField.Spare, 1);
    }

    [Test]
    public void Frame_for_another_spacecraft_is_rejected_with_both_IDs()
    {
        byte[] frame = Write(new TcFrameFormat(0x123, false), new TcFrameHeader(TcFrameType.Ad, 1, 0), [1]);
        TcFrameError error = AssertRejected(frame, Plain, TcFrameField.SpacecraftId, 0x123);
        Assert.That(error.Message, Does.Contain("291").And.Contain("683"));
    }

    [Test]
    public void Frame_length_beyond_the_input_is_rejected()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1, 2, 3]);
        AssertRejected(frame.AsSpan(0, 9).ToArray(), Plain, TcFrameField.FrameLength, 10);
    }

    [Test]
    public void Frame_length_too_short_for_headers_and_FECF_is_rejected()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1, 2, 3]);
        frame[3] = 5;
        AssertRejected(frame, Plain, TcFrameField.FrameLength, 6);
    }

    [Test]
    public void Corrupted_frame_fails_the_FECF_check_with_both_values()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1, 2, 3]);
        frame[6] ^= 0x01;
        TcFrameError error = AssertRejected(frame, Plain, TcFrameField.Fecf, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(8)));
        Assert.That(error.Expected, Is.EqualTo(Crc16Ccitt.Compute(frame.AsSpan(0, 8))));
    }

    [Test]
    public void Reseal_helper_makes_a_modified_frame_pass_the_FECF_again()
    {
        byte[] frame = Write(Plain, new TcFrameHeader(TcFrameType.Ad, 1, 0), [1, 2, 3]);
        frame[6] ^= 0x01;
        Reseal(frame);
        Assert.That(new TcFrameParser(Plain).TryParse(frame, out _, out _), Is.True);
    }

    private static TcFrameError AssertRejected(byte[] input, TcFrameFormat format, TcFrameField field, long value)
    {
        bool parsed = new TcFrameParser(format).TryParse(input, out TcFrame frame, out TcFrameError error);

        Assert.That(parsed, Is.False);
        Assert.That(error.Field, Is.EqualTo(field), error.Message);
        Assert.That(error.Value, Is.EqualTo(value));
        Assert.That(error.Message, Does.Contain(field == TcFrameField.Fecf ? $"0x{value:X4}" : value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(frame.Frame.IsEmpty, Is.True, "a failed parse consumes nothing");
        return error;
    }
}
