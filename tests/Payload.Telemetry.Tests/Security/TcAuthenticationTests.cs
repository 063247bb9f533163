using System.Buffers.Binary;
using Payload.Telemetry.Frames;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.Telemetry.Tests.Security;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class TcAuthenticationTests
{
    private const ushort Spi = 0x0101;
    private static readonly TcFrameFormat Format = new(0x2AB);
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];
    private readonly TcKeyStore keys = new([new(Spi, Key)]);
    private readonly TcSecurityOptions options = new() { MacLength = 16, ReplayWindow = 8 };
    private readonly TcFrameSigner signer;
    private readonly TcFrameVerifier verifier;

    public TcAuthenticationTests()
    {
        signer = new TcFrameSigner(Format, keys, Spi, options);
        verifier = new TcFrameVerifier(keys, options);
    }

    private byte[] Sign(byte[] data, uint? sequenceNumber = null)
    {
        if (sequenceNumber is uint value)
        {
            signer.NextSequenceNumber = value;
        }

        var frame = new byte[signer.GetFrameLength(TcFrameType.Ad, data.Length)];
        signer.Write(new TcFrameHeader(TcFrameType.Ad, 1, 0), data, frame);
        return frame;
    }

    private static void Reseal(byte[] frame) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(frame.Length - 2), Crc16Ccitt.Compute(frame.AsSpan(0, frame.Length - 2)));

    private TcAuthFailure Verify(byte[] frame, out byte[] data)
    {
        Assert.That(new TcFrameParser(Format).TryParse(frame, out TcFrame parsed, out TcFrameError error), Is.True, error.Message);
        bool ok = verifier.TryVerify(parsed, out TcVerifiedFrame verified, out TcAuthFailure failure);
        data = verified.Data.ToArray();
        Assert.That(ok, Is.EqualTo(failure.Reason == TcAuthFailureReason.None));
        return failure;
    }

    [Test]
    public void Signed_frame_verifies_and_yields_its_data()
    {
        byte[] frame = Sign([1, 2, 3], sequenceNumber: 41);

        Assert.That(Verify(frame, out byte[] data).Reason, Is.EqualTo(TcAuthFailureReason.None));
        Assert.That(data, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(frame, Has.Length.EqualTo(5 + 1 + 6 + 3 + 16 + 2));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(6)), Is.EqualTo(Spi));
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)), Is.EqualTo(41));
        Assert.That(signer.NextSequenceNumber, Is.EqualTo(42));
    }

    [Test]
    public void Trailer_is_the_truncated_HMAC_SHA_256_of_headers_and_data()
    {
        byte[] frame = Sign([9, 8, 7]);
        byte[] expected = System.Security.Cryptography.HMACSHA256.HashData(Key, frame.AsSpan(0, 15));
        Assert.That(frame.AsSpan(15, 16).ToArray(), Is.EqualTo(expected.AsSpan(0, 16).ToArray()));
    }

    [Test]
    public void Flipping_a_bit_anywhere_after_the_primary_header_fails_authentication([Range(5, 40)] int octet)
    {
        byte[] frame = Sign([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        Assert.That(frame, Has.Length.EqualTo(43));
        frame[octet] ^= 0x01;
        Reseal(frame);

        TcAuthFailure failure = Verify(frame, out _);
        Assert.That(failure.Reason, Is.AnyOf(TcAuthFailureReason.BadMac, TcAuthFailureReason.UnknownSpi), failure.Message);
    }

    [Test]
    public void Forged_MAC_is_rejected_as_bad_MAC_with_the_sequence_number()
    {
        byte[] frame = Sign([1, 2, 3], sequenceNumber: 77);
        frame[^3] ^= 0x80;
        Reseal(frame);

        TcAuthFailure failure = Verify(frame, out _);

        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.BadMac));
        Assert.That(failure.Message, Does.Contain("257").And.Contain("77"));
    }

    [Test]
    public void Unknown_SPI_is_rejected_naming_the_SPI()
    {
        var otherKeys = new TcKeyStore([new(0x0202, Key)]);
        var other = new TcFrameSigner(Format, otherKeys, 0x0202, options);
        var frame = new byte[other.GetFrameLength(TcFrameType.Ad, 1)];
        other.Write(new TcFrameHeader(TcFrameType.Ad, 1, 0), [1], frame);

        TcAuthFailure failure = Verify(frame, out _);

        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.UnknownSpi));
        Assert.That(failure.Message, Does.Contain("514"));
    }

    [Test]
    public void Plain_frame_without_security_header_is_unauthenticated()
    {
        var frame = new byte[5 + 1 + 3 + 2];
        new TcFrameEncoder(Format).Write(new TcFrameHeader(TcFrameType.Ad, 1, 0), [1, 2, 3], frame);

        TcAuthFailure failure = Verify(frame, out _);

        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.Unauthenticated));
        Assert.That(failure.Message, Does.Contain("3 octets"));
    }

    [Test]
    public void Reserved_SPI_0_is_unauthenticated()
    {
        byte[] frame = Sign([1, 2, 3]);
        frame[6] = 0;
        frame[7] = 0;
        Reseal(frame);
        Assert.That(Verify(frame, out _).Reason, Is.EqualTo(TcAuthFailureReason.Unauthenticated));
    }

    [Test]
    public void Frame_with_header_but_no_room_for_the_MAC_is_truncated()
    {
        byte[] full = Sign([1, 2, 3]);
        var data = full.AsSpan(6, 6 + 10).ToArray();
        var frame = new byte[5 + 1 + data.Length + 2];
        new TcFrameEncoder(Format).Write(new TcFrameHeader(TcFrameType.Ad, 1, 0), data, frame);

        TcAuthFailure failure = Verify(frame, out _);

        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.Truncated));
        Assert.That(failure.Message, Does.Contain("16 octets"));
    }

    [Test]
    public void Accepted_sequence_number_is_refused_the_second_time()
    {
        byte[] frame = Sign([1], sequenceNumber: 10);
        Assert.That(Verify(frame, out _).Reason, Is.EqualTo(TcAuthFailureReason.None));
        verifier.RecordAccepted(Spi, 10);

        TcAuthFailure failure = Verify(frame, out _);

        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.Replayed));
        Assert.That(failure.Message, Does.Contain("10"));
    }

    [Test]
    public void Verified_but_unrecorded_frame_can_be_retransmitted()
    {
        byte[] frame = Sign([1], sequenceNumber: 10);
        Assert.That(Verify(frame, out _).Reason, Is.EqualTo(TcAuthFailureReason.None));
        Assert.That(Verify(frame, out _).Reason, Is.EqualTo(TcAuthFailureReason.None));
    }

    [TestCase(19u, TcAuthFailureReason.None, TestName = "Late unseen number inside the window is accepted")]
    [TestCase(13u, TcAuthFailureReason.None, TestName = "Oldest number inside the window is accepted")]
    [TestCase(12u, TcAuthFailureReason.Replayed, TestName = "Number older than the window is a replay")]
    [TestCase(18u, TcAuthFailureReason.Replayed, TestName = "Number seen inside the window is a replay")]
    [TestCase(21u, TcAuthFailureReason.None, TestName = "Number above the highest is accepted")]
    public void Anti_replay_window_of_8(uint sequenceNumber, TcAuthFailureReason expected)
    {
        verifier.RecordAccepted(Spi, 18);
        verifier.RecordAccepted(Spi, 20);

        Assert.That(Verify(Sign([1], sequenceNumber), out _).Reason, Is.EqualTo(expected));
    }

    [Test]
    public void Full_32_octet_MAC_is_supported()
    {
        var full = new TcSecurityOptions { MacLength = 32 };
        var fullSigner = new TcFrameSigner(Format, keys, Spi, full);
        var frame = new byte[fullSigner.GetFrameLength(TcFrameType.Ad, 2)];
        fullSigner.Write(new TcFrameHeader(TcFrameType.Ad, 1, 0), [5, 6], frame);
        Assert.That(new TcFrameParser(Format).TryParse(frame, out TcFrame parsed, out _), Is.True);

        Assert.That(new TcFrameVerifier(keys, full).TryVerify(parsed, out TcVerifiedFrame verified, out _), Is.True);
        Assert.That(verified.Data.ToArray(), Is.EqualTo(new byte[] { 5, 6 }));
    }

    [TestCase(7)]
    [TestCase(33)]
    public void MAC_length_outside_8_to_32_is_refused(int length)
    {
        Assert.That(() => new TcSecurityOptions { MacLength = length }, Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Highest_accepted_number_carried_across_a_reset_keeps_old_frames_out()
    {
        byte[] old = Sign([1], sequenceNumber: 30);
        verifier.RecordAccepted(Spi, 30);
        verifier.RecordAccepted(Spi, 31);
        Assert.That(verifier.TryGetHighestAccepted(Spi, out uint highest), Is.True);

        var afterReset = new TcFrameVerifier(keys, options);
        Assert.That(afterReset.TryGetHighestAccepted(Spi, out _), Is.False);
        afterReset.RestoreHighestAccepted(Spi, highest);
        Assert.That(new TcFrameParser(Format).TryParse(old, out TcFrame parsed, out _), Is.True);

        Assert.That(afterReset.TryVerify(parsed, out _, out TcAuthFailure failure), Is.False);
        Assert.That(failure.Reason, Is.EqualTo(TcAuthFailureReason.Replayed));
        Assert.That(afterReset.TryVerify(Parse(Sign([2], sequenceNumber: 32)), out _, out _), Is.True);
    }

    private static TcFrame Parse(byte[] frame)
    {
        Assert.That(new TcFrameParser(Format).TryParse(frame, out TcFrame parsed, out _), Is.True);
        return parsed;
    }
}
