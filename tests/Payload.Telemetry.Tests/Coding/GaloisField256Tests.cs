using Payload.Telemetry.Coding;
using Payload.Tests.Shared;

namespace Payload.Telemetry.Tests.Coding;

public class GaloisField256Tests
{
    [Test]
    public void Alpha_generates_all_255_non_zero_elements()
    {
        byte[] powers = Enumerable.Range(0, GaloisField256.Order).Select(GaloisField256.Power).ToArray();

        Assert.That(powers.Distinct().Count(), Is.EqualTo(255));
        Assert.That(powers, Does.Not.Contain((byte)0));
    }

    [Test]
    public void Alpha_is_a_root_of_the_field_polynomial()
    {
        // α^8 = α^7 + α^2 + α + 1
        byte expected = (byte)(GaloisField256.Power(7) ^ GaloisField256.Power(2) ^ GaloisField256.Power(1) ^ 1);

        Assert.That(GaloisField256.Power(8), Is.EqualTo(expected));
    }

    [Test]
    public void Basis_conversions_are_inverse_bijections()
    {
        for (int z = 0; z < 256; z++)
        {
            Assert.That(GaloisField256.FromDual[GaloisField256.ToDual[z]], Is.EqualTo(z));
        }

        Assert.That(GaloisField256.ToDual.Distinct().Count(), Is.EqualTo(256));
    }

    [Test]
    public void Basis_conversion_tables_equal_libfec_Taltab_and_Tal1tab()
    {
        if (!LibFec.IsAvailable)
        {
            Assert.Ignore(LibFec.InstallHint);
        }

        Assert.That(GaloisField256.ToDual, Is.EqualTo(LibFec.Taltab.ToArray()));
        Assert.That(GaloisField256.FromDual, Is.EqualTo(LibFec.Tal1tab.ToArray()));
    }
}
