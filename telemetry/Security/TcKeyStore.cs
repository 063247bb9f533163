using System.Globalization;

namespace Payload.Telemetry.Security;

/// <summary>
/// HMAC keys per SPI. The file form has one <c>SPI HEXKEY</c> per line (SPI decimal or 0x-hex, '#' starts a comment)
/// and must not be accessible to group or others.
/// </summary>
public sealed class TcKeyStore
{
    private const int MinKeyLength = 16;
    private const int MaxKeyLength = 64;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Dictionary<ushort, byte[]> keys;

    public TcKeyStore(IEnumerable<KeyValuePair<ushort, byte[]>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        this.keys = [];
        foreach ((ushort spi, byte[] key) in keys)
        {
            if (spi == TcSecurityLayout.ReservedSpi)
            {
                throw new ArgumentException("SPI 0 is reserved (CCSDS 355.0-B-2 §4.1.1.2.3)", nameof(keys));
            }

            if (key.Length is < MinKeyLength or > MaxKeyLength)
            {
                throw new ArgumentException($"key for SPI {spi} is {key.Length} octets, expected {MinKeyLength}..{MaxKeyLength}", nameof(keys));
            }

            if (!this.keys.TryAdd(spi, key.ToArray()))
            {
                throw new ArgumentException($"SPI {spi} appears twice", nameof(keys));
            }
        }
    }

    public IReadOnlyCollection<ushort> SecurityParameterIndices => keys.Keys;

    /// <summary>Loads a key file after checking that only its owner can access it.</summary>
    public static TcKeyStore Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"cannot check the permissions of key file {path} on Windows");
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(path);
        }
        catch (IOException e)
        {
            throw new KeyFileException(path, $"key file {path} cannot be read: {e.Message}");
        }

        if ((mode & GroupOrOther) != 0)
        {
            throw new KeyFileException(path, $"key file {path} has mode {Octal(mode)}; it must be accessible only by its owner (0600 or 0400)");
        }

        var entries = new List<KeyValuePair<ushort, byte[]>>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            string line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !TryParseSpi(parts[0], out ushort spi) || spi == TcSecurityLayout.ReservedSpi)
            {
                throw new KeyFileException(path, $"key file {path} line {lineNumber}: expected 'SPI HEXKEY' with SPI 1..65535, found '{parts[0]}'");
            }

            byte[] key;
            try
            {
                key = Convert.FromHexString(parts[1]);
            }
            catch (FormatException)
            {
                throw new KeyFileException(path, $"key file {path} line {lineNumber}: key for SPI {spi} is not hexadecimal");
            }

            if (key.Length is < MinKeyLength or > MaxKeyLength)
            {
                throw new KeyFileException(path, $"key file {path} line {lineNumber}: key for SPI {spi} is {key.Length} octets, expected {MinKeyLength}..{MaxKeyLength}");
            }

            if (entries.Exists(e => e.Key == spi))
            {
                throw new KeyFileException(path, $"key file {path} line {lineNumber}: SPI {spi} appears twice");
            }

            entries.Add(new(spi, key));
        }

        return new TcKeyStore(entries);
    }

    internal bool TryGetKey(ushort spi, out byte[] key) => keys.TryGetValue(spi, out key!);

    private static bool TryParseSpi(string text, out ushort spi) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ushort.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out spi)
            : ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out spi);

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8);
}
