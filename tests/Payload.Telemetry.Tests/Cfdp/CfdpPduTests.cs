using System.Buffers.Binary;
using Payload.Telemetry.Cfdp;
using Payload.Telemetry.Frames;

namespace Payload.Telemetry.Tests.Cfdp;

public class CfdpPduTests
{
    private static CfdpPduHeader Header(bool crc = true, bool large = false, bool towardSender = false, CfdpTransmissionMode mode = CfdpTransmissionMode.Acknowledged) =>
        new(false, towardSender, mode, crc, large, 2, 3, 0x0102, 0x030405, 0x0607);

    private static CfdpPdu Read(byte[] buffer, int length)
    {
        bool ok = CfdpPduReader.TryRead(buffer.AsSpan(0, length), out CfdpPdu pdu, out CfdpPduError error);
        Assert.That(ok, Is.True, error.Message);
        return pdu;
    }

    [Test]
    public void Header_fields_land_on_their_bits()
    {
        var buffer = new byte[64];
        int length = CfdpPduWriter.Finished(Header(crc: true, towardSender: true, mode: CfdpTransmissionMode.Unacknowledged), CfdpConditionCode.NoError, false, 0b10, buffer);

        Assert.That(Convert.ToHexString(buffer.AsSpan(0, 4 + 7)), Is.EqualTo("2E0004120102030405" + "0607"));
        Assert.That(length, Is.EqualTo(11 + 2 + 2));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(length - 2)), Is.EqualTo(Crc16Ccitt.Compute(buffer.AsSpan(0, length - 2))));
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(true, true)]
    public void Metadata_round_trips(bool crc, bool large)
    {
        var buffer = new byte[600];
        int length = CfdpPduWriter.Metadata(Header(crc, large), 123_456, "model.onnx", "slot-b.onnx", buffer);

        CfdpPdu pdu = Read(buffer, length);

        Assert.That(pdu.Kind, Is.EqualTo(CfdpPduKind.Metadata));
        Assert.That(pdu.Header, Is.EqualTo(Header(crc, large)));
        Assert.That(pdu.Offset, Is.EqualTo(123_456));
        Assert.That(pdu.SourceFileName, Is.EqualTo("model.onnx"));
        Assert.That(pdu.DestinationFileName, Is.EqualTo("slot-b.onnx"));
        Assert.That(pdu.ChecksumType, Is.Zero);
    }

    [Test]
    public void File_data_round_trips_with_a_64_bit_offset()
    {
        var buffer = new byte[64];
        CfdpPduHeader header = Header(large: true) with { IsFileData = true };
        int length = CfdpPduWriter.FileData(header, 0x1_0000_0000, [9, 8, 7], buffer);

        CfdpPdu pdu = Read(buffer, length);

        Assert.That(pdu.Kind, Is.EqualTo(CfdpPduKind.FileData));
        Assert.That(pdu.Offset, Is.EqualTo(0x1_0000_0000));
        Assert.That(pdu.FileData.ToArray(), Is.EqualTo(new byte[] { 9, 8, 7 }));
    }

    [Test]
    public void EOF_round_trips_and_a_cancel_carries_a_fault_location()
    {
        var buffer = new byte[64];
        int plain = CfdpPduWriter.Eof(Header(), CfdpConditionCode.NoError, 0xDEADBEEF, 4096, buffer);
        CfdpPdu pdu = Read(buffer, plain);
        Assert.That((pdu.Kind, pdu.Condition, pdu.Checksum, pdu.Offset), Is.EqualTo((CfdpPduKind.Eof, CfdpConditionCode.NoError, 0xDEADBEEFu, 4096UL)));

        int cancelled = CfdpPduWriter.Eof(Header(), CfdpConditionCode.CancelRequestReceived, 0, 10, buffer);
        Assert.That(cancelled, Is.EqualTo(plain + 2 + 2));
        Assert.That(Read(buffer, cancelled).Condition, Is.EqualTo(CfdpConditionCode.CancelRequestReceived));
    }

    [Test]
    public void ACK_of_Finished_uses_subtype_1()
    {
        var buffer = new byte[64];
        int length = CfdpPduWriter.Ack(Header(crc: false), CfdpDirectiveCode.Finished, CfdpConditionCode.NoError, 0b10, buffer);

        Assert.That(buffer[11 + 1], Is.EqualTo(0x51));
        CfdpPdu pdu = Read(buffer, length);
        Assert.That((pdu.AckedDirective, pdu.TransactionStatus), Is.EqualTo((CfdpDirectiveCode.Finished, 0b10)));
    }

    [Test]
    public void NAK_round_trips_its_segment_requests()
    {
        var buffer = new byte[128];
        CfdpSegment[] segments = [new(0, 0), new(512, 1024), new(4096, 5000)];
        int length = CfdpPduWriter.Nak(Header(), new CfdpSegment(0, 5000), segments, buffer);

        CfdpPdu pdu = Read(buffer, length);

        Assert.That(pdu.Scope, Is.EqualTo(new CfdpSegment(0, 5000)));
        Assert.That(pdu.Segments, Is.EqualTo(segments));
        Assert.That(length, Is.EqualTo(CfdpPduWriter.NakLength(Header(), 3)));
    }

    private static IEnumerable<TestCaseData> Malformed()
    {
        var buffer = new byte[64];
        int length = CfdpPduWriter.Eof(Header(), CfdpConditionCode.NoError, 1, 2, buffer);
        byte[] eof = buffer.AsSpan(0, length).ToArray();

        yield return new TestCaseData(Array.Empty<byte>(), "PduLength").SetName("Empty PDU");
        yield return new TestCaseData(eof[..3], "PduLength").SetName("Three octets");
        yield return new TestCaseData(Mutate(eof, b => b[0] = (byte)(b[0] & 0x1F)), "Version").SetName("Version 0");
        yield return new TestCaseData(eof[..^1], "PduDataFieldLength").SetName("Truncated PDU");
        yield return new TestCaseData(Mutate(eof, b => b[^3] ^= 1), "Crc").SetName("Flipped bit fails the CRC");
        yield return new TestCaseData(Mutate(eof, b => b[3] |= 0x08), "SegmentMetadataFlag").SetName("Segment metadata is not supported");
        yield return new TestCaseData(Resealed(eof, b => b[11] = 0x33), "DirectiveCode").SetName("Unknown directive code");
        yield return new TestCaseData(Resealed(eof[..^4], b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(1), (ushort)(b.Length - 11))), "EofLength").SetName("EOF body too short");
    }

    private static byte[] Mutate(byte[] pdu, Action<byte[]> change)
    {
        byte[] copy = (byte[])pdu.Clone();
        change(copy);
        return copy;
    }

    private static byte[] Resealed(byte[] pdu, Action<byte[]> change)
    {
        byte[] copy = Mutate(pdu, change);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(copy.Length - 2), Crc16Ccitt.Compute(copy.AsSpan(0, copy.Length - 2)));
        return copy;
    }

    [TestCaseSource(nameof(Malformed))]
    public void Malformed_PDU_is_reported_by_field(byte[] pdu, string field)
    {
        bool ok = CfdpPduReader.TryRead(pdu, out _, out CfdpPduError error);

        Assert.That(ok, Is.False);
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(field));
    }

    [Test]
    public void Modular_checksum_sums_big_endian_words_aligned_on_offset_zero()
    {
        var sum = default(CfdpChecksum);
        sum.Add(0, [0x01, 0x02, 0x03, 0x04, 0x05]);
        Assert.That(sum.Value, Is.EqualTo(0x01020304u + 0x05000000u));
    }

    [Test]
    public void Modular_checksum_does_not_depend_on_arrival_order()
    {
        byte[] data = new byte[1001];
        new Random(3).NextBytes(data);
        var whole = default(CfdpChecksum);
        whole.Add(0, data);
        var pieces = default(CfdpChecksum);
        pieces.Add(500, data.AsSpan(500));
        pieces.Add(7, data.AsSpan(7, 493));
        pieces.Add(0, data.AsSpan(0, 7));

        Assert.That(pieces.Value, Is.EqualTo(whole.Value));
    }

    [Test]
    public void Segment_set_merges_ranges_and_lists_the_gaps()
    {
        var set = new CfdpSegmentSet();
        set.Add(10, 20);
        set.Add(30, 40);
        set.Add(18, 31);
        set.Add(50, 60);

        Assert.That(set.Gaps(70, 10), Is.EqualTo(new[] { new CfdpSegment(0, 10), new CfdpSegment(40, 50), new CfdpSegment(60, 70) }));
        Assert.That(set.Gaps(70, 2), Has.Count.EqualTo(2));
        set.Add(0, 70);
        Assert.That(set.Covers(70), Is.True);
    }
}
