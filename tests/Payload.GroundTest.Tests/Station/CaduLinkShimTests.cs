using Payload.GroundTest.Station;

namespace Payload.GroundTest.Tests.Station;

public sealed class CaduLinkShimTests
{
    private const int CaduLength = 259;

    [TestCase(0.0, 0.0)]
    [TestCase(0.01, 0.0)]
    [TestCase(0.0, 0.05)]
    [TestCase(0.1, 0.1)]
    public void Drops_and_corrupts_about_the_asked_fraction_and_nothing_else(double drop, double corrupt)
    {
        var shim = new CaduLinkShim(drop, corrupt, seed: 5);
        const int Cadus = 20_000;
        int changed = 0;
        byte[] cadu = new byte[CaduLength];
        for (int i = 0; i < Cadus; i++)
        {
            Array.Clear(cadu);
            if (shim.Pass(cadu) && cadu.Any(b => b != 0))
            {
                changed++;
            }
        }

        Assert.That(shim.Dropped + shim.Passed, Is.EqualTo(Cadus));
        Assert.That(shim.Dropped, Is.EqualTo(drop * Cadus).Within(Cadus * 0.01 + 1));
        Assert.That(shim.Corrupted, Is.EqualTo(corrupt * (1 - drop) * Cadus).Within(Cadus * 0.01 + 1));
        Assert.That(changed, Is.EqualTo(shim.Corrupted), "every corrupted CADU differs, every other one is intact");
    }

    [Test]
    public void The_same_seed_damages_the_same_cadus()
    {
        var first = new CaduLinkShim(0.05, 0.05, seed: 9);
        var second = new CaduLinkShim(0.05, 0.05, seed: 9);
        for (int i = 0; i < 500; i++)
        {
            byte[] a = new byte[CaduLength];
            byte[] b = new byte[CaduLength];
            Assert.That(first.Pass(a), Is.EqualTo(second.Pass(b)));
            Assert.That(a, Is.EqualTo(b));
        }
    }

    [TestCase(-0.1, 0.0)]
    [TestCase(0.0, 1.5)]
    [TestCase(double.NaN, 0.0)]
    public void Fractions_outside_0_to_1_are_refused(double drop, double corrupt)
    {
        Assert.That(() => new CaduLinkShim(drop, corrupt, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("fraction"));
    }
}
