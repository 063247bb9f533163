namespace Payload.GroundTest.Station;

/// <summary>
/// A bad link between the payload and the ground, CADU by CADU: drops a fraction of them and corrupts another
/// fraction (1 to <see cref="MaxCorruptedOctets"/> random octets replaced, so some stay within Reed-Solomon's reach and
/// some do not). Seeded, so a run's damage can be repeated.
/// </summary>
internal sealed class CaduLinkShim
{
    /// <summary>Most octets one corruption replaces: twice RS(255,223)'s 16 correctable symbols.</summary>
    public const int MaxCorruptedOctets = 32;

    private readonly Random random;
    private readonly double drop;
    private readonly double corrupt;

    public CaduLinkShim(double dropFraction, double corruptionFraction, int seed)
    {
        if (dropFraction is < 0 or > 1 || double.IsNaN(dropFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(dropFraction), dropFraction, "the CADU drop fraction must be within 0..1");
        }

        if (corruptionFraction is < 0 or > 1 || double.IsNaN(corruptionFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(corruptionFraction), corruptionFraction, "the CADU corruption fraction must be within 0..1");
        }

        drop = dropFraction;
        corrupt = corruptionFraction;
        random = new Random(seed);
    }

    public long Passed { get; private set; }

    public long Dropped { get; private set; }

    public long Corrupted { get; private set; }

    /// <summary>Damages <paramref name="cadu"/> in place; false when it is dropped.</summary>
    public bool Pass(Span<byte> cadu)
    {
        if (drop > 0 && random.NextDouble() < drop)
        {
            Dropped++;
            return false;
        }

        if (corrupt > 0 && random.NextDouble() < corrupt && cadu.Length > 0)
        {
            int octets = random.Next(1, MaxCorruptedOctets + 1);
            for (int i = 0; i < octets; i++)
            {
                cadu[random.Next(cadu.Length)] ^= (byte)random.Next(1, 256);
            }

            Corrupted++;
        }

        Passed++;
        return true;
    }
}
