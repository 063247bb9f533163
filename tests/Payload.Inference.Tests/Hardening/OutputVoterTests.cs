using System.Runtime.InteropServices;
using Payload.Inference.Hardening;

namespace Payload.Inference.Tests.Hardening;

public class OutputVoterTests
{
    private static byte[] Bytes(params float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static float Ulps(float x, int n) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) + n);

    [Test]
    public void Element_vote_takes_the_majority_and_blames_the_odd_replica_per_element()
    {
        byte[] a = Bytes(1f, 2f, 3f, 4f);
        byte[] b = Bytes(1f, 9f, 3f, 4f);
        byte[] c = Bytes(1f, 2f, 3f, 8f);
        long[] outvoted = new long[3];

        long unresolved = OutputVoter.VoteElements(a, b, c, sizeof(float), 0, outvoted);

        Assert.That(MemoryMarshal.Cast<byte, float>(a).ToArray(), Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
        Assert.That(outvoted, Is.EqualTo(new long[] { 0, 1, 1 }));
        Assert.That(unresolved, Is.Zero);
    }

    [Test]
    public void Element_vote_repairs_the_first_replica_from_the_other_two()
    {
        byte[] a = Bytes(1f, -7f);
        byte[] b = Bytes(1f, 2f);
        byte[] c = Bytes(1f, 2f);
        long[] outvoted = new long[3];

        OutputVoter.VoteElements(a, b, c, sizeof(float), 0, outvoted);

        Assert.That(MemoryMarshal.Cast<byte, float>(a).ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        Assert.That(outvoted, Is.EqualTo(new long[] { 1, 0, 0 }));
    }

    [Test]
    public void Three_different_values_are_unresolved_and_keep_the_first()
    {
        byte[] a = Bytes(1f, 5f);
        long[] outvoted = new long[3];

        long unresolved = OutputVoter.VoteElements(a, Bytes(1f, 6f), Bytes(1f, 7f), sizeof(float), 0, outvoted);

        Assert.That(unresolved, Is.EqualTo(1));
        Assert.That(MemoryMarshal.Cast<byte, float>(a)[1], Is.EqualTo(5f));
        Assert.That(outvoted, Is.All.Zero);
    }

    [Test]
    public void Exact_vote_tells_apart_values_one_ulp_apart_and_negative_zero()
    {
        Assert.That(OutputVoter.Agree(Bytes(1f), Bytes(Ulps(1f, 1)), sizeof(float), 0), Is.False);
        Assert.That(OutputVoter.Agree(Bytes(0f), Bytes(-0f), sizeof(float), 0), Is.False);
    }

    [TestCase(1f, 2, 2, true)]
    [TestCase(1f, 3, 2, false)]
    [TestCase(-1f, 2, 2, true)]
    [TestCase(1f, -2, 2, true)]
    public void Ulp_tolerance_accepts_values_within_that_many_ulps(float x, int apart, int tolerance, bool agree)
    {
        Assert.That(OutputVoter.Agree(Bytes(x), Bytes(Ulps(x, apart)), sizeof(float), tolerance), Is.EqualTo(agree));
    }

    [Test]
    public void Ulp_tolerance_treats_both_zeros_as_neighbours()
    {
        Assert.That(OutputVoter.Agree(Bytes(0f), Bytes(-0f), sizeof(float), 1), Is.True);
    }

    [Test]
    public void Class_vote_blames_only_pixels_whose_class_changed()
    {
        // Two classes × three pixels (NCHW with H·W = 3): class 0 row, then class 1 row.
        float[] a = [0.9f, 0.2f, 0.6f, 0.1f, 0.8f, 0.4f];
        float[] b = [0.8f, 0.3f, 0.1f, 0.2f, 0.7f, 0.9f]; // pixel 2 flips to class 1
        float[] c = [0.7f, 0.1f, 0.6f, 0.3f, 0.9f, 0.4f]; // same classes as a, other values
        long[] outvoted = new long[3];

        long unresolved = OutputVoter.VoteClasses(a, b, c, 1, 2, 3, outvoted);

        Assert.That(outvoted, Is.EqualTo(new long[] { 0, 1, 0 }));
        Assert.That(unresolved, Is.Zero);
        Assert.That(OutputVoter.SameClasses(a, c, 1, 2, 3), Is.True);
        Assert.That(OutputVoter.SameClasses(a, b, 1, 2, 3), Is.False);
    }

    [Test]
    public void Class_vote_copies_the_whole_class_vector_of_an_outvoted_first_replica()
    {
        float[] a = [0.1f, 0.9f];
        float[] b = [0.8f, 0.2f];
        float[] c = [0.7f, 0.3f];
        long[] outvoted = new long[3];

        OutputVoter.VoteClasses(a, b, c, 1, 2, 1, outvoted);

        Assert.That(a, Is.EqualTo(new[] { 0.8f, 0.2f }));
        Assert.That(outvoted, Is.EqualTo(new long[] { 1, 0, 0 }));
    }
}
