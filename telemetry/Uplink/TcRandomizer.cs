namespace Payload.Telemetry.Uplink;

/// <summary>The optional TC pseudo-randomiser of CCSDS 231.0-B-4 §6: h(x) = x^8+x^6+x^4+x^3+x^2+x+1, all-ones seed, period 255.</summary>
internal static class TcRandomizer
{
    public const int Period = 255;

    public static readonly byte[] Sequence = BuildSequence();

    private static byte[] BuildSequence()
    {
        var sequence = new byte[Period];
        int lfsr = 0xFF;
        for (int i = 0; i < Period; i++)
        {
            int value = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value << 1) | (lfsr & 1);
                int feedback = (lfsr ^ (lfsr >> 1) ^ (lfsr >> 2) ^ (lfsr >> 3) ^ (lfsr >> 4) ^ (lfsr >> 6)) & 1;
                lfsr = (lfsr >> 1) | (feedback << 7);
            }

            sequence[i] = (byte)value;
        }

        return sequence;
    }
}
