using System.Diagnostics.CodeAnalysis;

namespace Payload.Telemetry.Packets;

/// <summary>
/// Layout of a CCSDS Unsegmented Time Code (CCSDS 301.0-B-4 §3.2): an optional one-octet P-field
/// followed by 1–4 coarse (seconds) octets and 0–3 fine (sub-second) octets, big-endian.
/// Used as the space packet secondary header.
/// </summary>
public sealed class CucTimeFormat
{
    /// <summary>Most coarse time octets in a one-octet P-field (CCSDS 301.0-B-4 §3.2.2).</summary>
    private const int MaxCoarseOctets = 4;

    /// <summary>Most fine time octets in a one-octet P-field (CCSDS 301.0-B-4 §3.2.2).</summary>
    private const int MaxFineOctets = 3;

    /// <summary>Creates a format; defaults are 4 coarse and 2 fine octets (≈15 µs) with the P-field, 1958 epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Octet counts outside 1–4 (coarse) or 0–3 (fine).</exception>
    public CucTimeFormat(int coarseOctets = 4, int fineOctets = 2, CucEpoch epoch = CucEpoch.Ccsds1958, bool includePField = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(coarseOctets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(coarseOctets, MaxCoarseOctets);
        ArgumentOutOfRangeException.ThrowIfNegative(fineOctets);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fineOctets, MaxFineOctets);
        CoarseOctets = coarseOctets;
        FineOctets = fineOctets;
        Epoch = epoch;
        IncludesPField = includePField;
    }

    /// <summary>Octets of whole seconds.</summary>
    public int CoarseOctets { get; }

    /// <summary>Octets of sub-second fraction.</summary>
    public int FineOctets { get; }

    /// <summary>Epoch coded in the P-field.</summary>
    public CucEpoch Epoch { get; }

    /// <summary>Whether the P-field precedes the T-field.</summary>
    public bool IncludesPField { get; }

    /// <summary>Encoded length in octets.</summary>
    public int Length => (IncludesPField ? 1 : 0) + CoarseOctets + FineOctets;

    /// <summary>
    /// The P-field octet (CCSDS 301.0-B-4 §3.2.2): extension flag 0, time code identification (3 bits),
    /// coarse octets minus one (2 bits), fine octets (2 bits).
    /// </summary>
    public byte PField => (byte)(((int)Epoch << 4) | ((CoarseOctets - 1) << 2) | FineOctets);

    /// <summary>Converts time elapsed since the epoch to a code value, truncating to the fine resolution.</summary>
    public CucTime FromElapsed(TimeSpan sinceEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sinceEpoch, TimeSpan.Zero);
        ulong seconds = (ulong)(sinceEpoch.Ticks / TimeSpan.TicksPerSecond);
        long remainderTicks = sinceEpoch.Ticks % TimeSpan.TicksPerSecond;
        uint fine = (uint)(((UInt128)(ulong)remainderTicks << (8 * FineOctets)) / TimeSpan.TicksPerSecond);
        ulong coarseMask = CoarseOctets == 4 ? uint.MaxValue : (1UL << (8 * CoarseOctets)) - 1;
        return new CucTime((uint)(seconds & coarseMask), fine);
    }

    /// <summary>Writes the time code; returns <see cref="Length"/>.</summary>
    /// <exception cref="ArgumentException">The destination is too short or a value does not fit its octets.</exception>
    public int Write(CucTime time, Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} octets; this time code needs {Length}.", nameof(destination));
        }

        if (CoarseOctets < 4 && time.Coarse >> (8 * CoarseOctets) != 0)
        {
            throw new ArgumentException($"Coarse time {time.Coarse} does not fit {CoarseOctets} octets.", nameof(time));
        }

        if (time.Fine >> (8 * FineOctets) != 0)
        {
            throw new ArgumentException($"Fine time {time.Fine} does not fit {FineOctets} octets.", nameof(time));
        }

        int at = 0;
        if (IncludesPField)
        {
            destination[at++] = PField;
        }

        for (int i = CoarseOctets - 1; i >= 0; i--)
        {
            destination[at++] = (byte)(time.Coarse >> (8 * i));
        }

        for (int i = FineOctets - 1; i >= 0; i--)
        {
            destination[at++] = (byte)(time.Fine >> (8 * i));
        }

        return at;
    }

    /// <summary>Reads a time code; on failure nothing is consumed and <paramref name="error"/> names the field and value.</summary>
    public bool TryRead(ReadOnlySpan<byte> source, out CucTime time, [NotNullWhen(false)] out string? error)
    {
        time = default;
        if (source.Length < Length)
        {
            error = $"CUC time code truncated: {source.Length} of {Length} octets";
            return false;
        }

        int at = 0;
        if (IncludesPField)
        {
            if (source[0] != PField)
            {
                error = $"CUC P-field is 0x{source[0]:X2}, expected 0x{PField:X2}";
                return false;
            }

            at = 1;
        }

        uint coarse = 0;
        for (int i = 0; i < CoarseOctets; i++)
        {
            coarse = (coarse << 8) | source[at++];
        }

        uint fine = 0;
        for (int i = 0; i < FineOctets; i++)
        {
            fine = (fine << 8) | source[at++];
        }

        time = new CucTime(coarse, fine);
        error = null;
        return true;
    }
}
