using Payload.Telemetry.Compression;

namespace Payload.Telemetry.Tests.Compression;

[TestFixture]
public sealed class PredictionErrorMapperTests
{
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8)]
    public void Mapping_is_a_bijection_onto_0_to_xmax_for_every_prediction(int bits)
    {
        uint xMax = uint.MaxValue >> (32 - bits);
        for (uint previous = 0; previous <= xMax; previous++)
        {
            bool[] seen = new bool[xMax + 1];
            for (uint x = 0; x <= xMax; x++)
            {
                uint delta = PredictionErrorMapper.Map(x, previous, xMax);
                Assert.That(delta, Is.LessThanOrEqualTo(xMax));
                Assert.That(seen[delta], Is.False, $"δ {delta} used twice after {previous}");
                seen[delta] = true;
                Assert.That(PredictionErrorMapper.Unmap(delta, previous, xMax), Is.EqualTo(x));
            }
        }
    }

    // 121.0-B-3 §4: δ = 2Δ for 0 ≤ Δ ≤ θ, 2|Δ| − 1 for −θ ≤ Δ < 0, θ + |Δ| beyond.
    [TestCase(100u, 100u, 255u, ExpectedResult = 0u)]
    [TestCase(103u, 100u, 255u, ExpectedResult = 6u)]
    [TestCase(97u, 100u, 255u, ExpectedResult = 5u)]
    [TestCase(250u, 10u, 255u, ExpectedResult = 250u)]
    [TestCase(0u, 250u, 255u, ExpectedResult = 255u)]
    [TestCase(0u, 0xFFFF_FFFFu, 0xFFFF_FFFFu, ExpectedResult = 0xFFFF_FFFFu)]
    [TestCase(0x8000_0000u, 0x7FFF_FFFFu, 0xFFFF_FFFFu, ExpectedResult = 2u)]
    [TestCase(0x7FFF_FFFEu, 0x7FFF_FFFFu, 0xFFFF_FFFFu, ExpectedResult = 1u)]
    public uint Mapping_matches_the_standards_three_cases(uint x, uint previous, uint xMax) => PredictionErrorMapper.Map(x, previous, xMax);
}
