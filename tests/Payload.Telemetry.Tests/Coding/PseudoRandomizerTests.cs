using Payload.Telemetry.Coding;

namespace Payload.Telemetry.Tests.Coding;

public class PseudoRandomizerTests
{
    [Test]
    public void Sequence_starts_with_the_bytes_given_for_the_all_ones_seed()
    {
        byte[] expected = [0xFF, 0x48, 0x0E, 0xC0, 0x9A, 0x0D, 0x70, 0xBC, 0x8E, 0x2C, 0x93, 0xAD, 0xA7, 0xB7, 0x46, 0xCE];

        Assert.That(PseudoRandomizer.Sequence(16), Is.EqualTo(expected));
    }

    [Test]
    public void Sequence_matches_a_bit_serial_generator_of_h_x()
    {
        // The recurrence of h(x) = x^8 + x^7 + x^5 + x^3 + 1 over a plain bit list, seeded with eight ones.
        int bits = 3 * PseudoRandomizer.PeriodBytes * 8;
        int[] s = new int[bits];
        for (int n = 0; n < bits; n++)
        {
            s[n] = n < 8 ? 1 : s[n - 1] ^ s[n - 3] ^ s[n - 5] ^ s[n - 8];
        }

        byte[] expected = new byte[bits / 8];
        for (int n = 0; n < bits; n++)
        {
            expected[n / 8] |= (byte)(s[n] << (7 - (n % 8)));
        }

        Assert.That(PseudoRandomizer.Sequence(expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public void Sequence_repeats_every_255_bytes_and_not_sooner()
    {
        byte[] sequence = PseudoRandomizer.Sequence(5000);

        Assert.That(sequence.AsSpan(PseudoRandomizer.PeriodBytes).SequenceEqual(sequence.AsSpan(0, 5000 - PseudoRandomizer.PeriodBytes)), Is.True);
        Assert.That(sequence.AsSpan(85, 255).SequenceEqual(sequence.AsSpan(0, 255)), Is.False);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(31)]
    [TestCase(255)]
    [TestCase(1115)]
    [TestCase(2040)]
    [TestCase(9000)]
    public void Apply_xors_the_sequence_from_the_start_and_twice_restores_the_data(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        byte[] original = (byte[])data.Clone();
        byte[] sequence = PseudoRandomizer.Sequence(length);

        PseudoRandomizer.Apply(data);
        byte[] expected = original.Select((b, i) => (byte)(b ^ sequence[i])).ToArray();
        Assert.That(data, Is.EqualTo(expected));

        PseudoRandomizer.Apply(data);
        Assert.That(data, Is.EqualTo(original));
    }
}
