using System.Text;
using Payload.Inference.Hardening;

namespace Payload.Inference.Tests.Hardening;

public class Crc32CTests
{
    [Test]
    public void Check_value_of_123456789_is_E3069283()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");

        Assert.That(Crc32C.Compute(data), Is.EqualTo(0xE3069283u));
        Assert.That(Crc32C.ComputePortable(data), Is.EqualTo(0xE3069283u));
    }

    // RFC 3720 §B.4 test vectors: 32 bytes of zeros, of 0xFF, ascending and descending.
    [TestCase(0x00, 0, 0x8A9136AAu)]
    [TestCase(0xFF, 0, 0x62A8AB43u)]
    [TestCase(0x00, 1, 0x46DD794Eu)]
    [TestCase(0x1F, -1, 0x113FDB5Cu)]
    public void Rfc3720_vectors_match(int first, int step, uint expected)
    {
        byte[] data = new byte[32];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(first + (step * i));
        }

        Assert.That(Crc32C.Compute(data), Is.EqualTo(expected));
        Assert.That(Crc32C.ComputePortable(data), Is.EqualTo(expected));
    }

    [Test]
    public void Empty_input_gives_zero()
    {
        Assert.That(Crc32C.Compute([]), Is.Zero);
    }

    [Test]
    public void Intrinsic_and_portable_paths_agree_on_every_length_and_alignment()
    {
        var random = new Random(32);
        byte[] data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; length < 200; length += 7)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.That(Crc32C.Compute(slice), Is.EqualTo(Crc32C.ComputePortable(slice)), $"start {start} length {length}");
            }
        }
    }

    [Test]
    public void Append_continues_a_crc_across_pieces()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789 and some more bytes");

        Assert.That(Crc32C.Append(Crc32C.Compute(data.AsSpan(0, 11)), data.AsSpan(11)), Is.EqualTo(Crc32C.Compute(data)));
    }

    [Test]
    public void Every_single_bit_flip_changes_the_crc()
    {
        byte[] data = new byte[64];
        new Random(7).NextBytes(data);
        uint clean = Crc32C.Compute(data);
        for (int bit = 0; bit < data.Length * 8; bit++)
        {
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.That(Crc32C.Compute(data), Is.Not.EqualTo(clean), $"bit {bit}");
            data[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
