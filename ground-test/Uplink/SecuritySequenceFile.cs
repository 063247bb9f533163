using System.Globalization;

namespace Payload.GroundTest.Uplink;

/// <summary>
/// The next security sequence number per SPI, kept beside the key file (<c>KEYFILE.sequence</c>, one <c>SPI NEXT</c>
/// per line, owner-only), so that every session signing with a key starts above every number an earlier one used —
/// commands and CFDP PDUs alike — without the operator passing <c>--sequence</c>.
/// </summary>
internal static class SecuritySequenceFile
{
    /// <summary>The time-based floor counts tenths of a second from this epoch, so it grows even without the file.</summary>
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string PathFor(string keyFile) => keyFile + ".sequence";

    /// <summary>
    /// The first sequence number of a session: <paramref name="requested"/> when given, otherwise the larger of the
    /// number recorded for <paramref name="spi"/> and tenths of a second since 2025-01-01.
    /// </summary>
    /// <exception cref="FormatException">The state file has a line that is not <c>SPI NEXT</c>.</exception>
    public static uint First(string keyFile, ushort spi, uint? requested, DateTimeOffset now)
    {
        if (requested is uint explicitNumber)
        {
            return explicitNumber;
        }

        uint timeBased = (uint)((now - Epoch).Ticks / (TimeSpan.TicksPerSecond / 10));
        return Read(keyFile).TryGetValue(spi, out uint recorded) ? Math.Max(recorded, timeBased) : timeBased;
    }

    /// <summary>Records <paramref name="next"/> as the number the next session with <paramref name="spi"/> starts from (never lowers it).</summary>
    public static void Record(string keyFile, ushort spi, uint next)
    {
        SortedDictionary<ushort, uint> numbers = Read(keyFile);
        if (numbers.TryGetValue(spi, out uint recorded) && recorded >= next)
        {
            return;
        }

        numbers[spi] = next;
        string path = PathFor(keyFile);
        string temporary = path + ".tmp";
        File.WriteAllLines(temporary, numbers.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key} {n.Value}")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static SortedDictionary<ushort, uint> Read(string keyFile)
    {
        var numbers = new SortedDictionary<ushort, uint>();
        string path = PathFor(keyFile);
        if (!File.Exists(path))
        {
            return numbers;
        }

        foreach (string line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2 || !ushort.TryParse(fields[0], CultureInfo.InvariantCulture, out ushort spi)
                || !uint.TryParse(fields[1], CultureInfo.InvariantCulture, out uint next))
            {
                throw new FormatException($"sequence file {path}: line '{line}' is not 'SPI NEXT' (two decimal numbers)");
            }

            numbers[spi] = next;
        }

        return numbers;
    }
}
