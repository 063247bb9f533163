using System.Globalization;
using System.Net;
using System.Text.Json;
using Payload.Hal.Boards;
using Payload.Hal.Buses;
using Payload.Hal.Linux;
using Payload.Telemetry.Security;

namespace Payload.Flight.Configuration;

/// <summary>
/// Reads a flight configuration from JSON. Every problem is collected with its JSON path and reported together in a
/// <see cref="FlightConfigurationException"/>; relative paths are taken relative to the configuration file.
/// </summary>
public static class FlightConfigurationLoader
{
    // TC frames carry a 10-bit spacecraft id (CCSDS 232.0-B-4 §4.1.2.3).
    private const int MaxSpacecraftId = 1023;

    // The on-board entity writes its IDs in 2 octets (CfdpEntityOptions.EntityIdLength).
    private const int MaxCfdpEntityId = ushort.MaxValue;

    // A CADU rate above 10 Gbit/s is beyond any payload downlink; the bound catches unit mistakes.
    private const long MaxDownlinkBitsPerSecond = 10_000_000_000;

    /// <summary>Name of the staging folder placed beside the model slots when <c>files.staging</c> is not given.</summary>
    public const string DefaultStagingFolder = "staging";

    public static FlightConfiguration LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlightConfigurationException(path, [new("$", $"cannot read {path}: {e.Message}")]);
        }
        return Load(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    public static FlightConfiguration Load(string json, string source = "(inline)", string? baseDirectory = null)
    {
        var reader = new Reader(baseDirectory ?? Directory.GetCurrentDirectory());
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FlightConfigurationException(source, [new($"$ (line {e.LineNumber + 1})", $"not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            FlightConfiguration configuration = reader.Root(document.RootElement);
            if (reader.Problems.Count > 0)
            {
                throw new FlightConfigurationException(source, reader.Problems);
            }
            return configuration;
        }
    }

    private sealed class Reader(string baseDirectory)
    {
        public List<ConfigurationProblem> Problems { get; } = [];

        public FlightConfiguration Root(JsonElement root)
        {
            FlightConfiguration d = FlightConfiguration.Defaults;
            if (!Object(root, "$", ["board", "modelSlots", "checkpoints", "stateFile", "downlink", "uplink", "protection", "rates", "faults", "spacecraftId", "keyFile", "groundKeyFile", "files"]))
            {
                return d;
            }
            string board = String(root, "$", "board", d.Board, allowEmpty: false);
            if (!BoardProfileLoader.BuiltInNames.Contains(board))
            {
                string file = Resolve(board);
                if (!File.Exists(file))
                {
                    Problems.Add(new("$.board", $"'{board}' is neither a built-in profile ({string.Join(", ", BoardProfileLoader.BuiltInNames)}) nor an existing profile file"));
                }
                board = file;
            }
            string? keyFile = root.TryGetProperty("keyFile", out _) ? Resolve(String(root, "$", "keyFile", "", allowEmpty: false)) : null;
            if (keyFile is not null && Problems.TrueForAll(p => p.Path != "$.keyFile"))
            {
                try
                {
                    TcKeyStore.Load(keyFile);
                }
                catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    Problems.Add(new("$.keyFile", e.Message));
                }
            }
            int spacecraftId = Integer(root, "$", "spacecraftId", d.SpacecraftId, 0, MaxSpacecraftId);
            string modelSlots = Path(root, "modelSlots", d.ModelSlots, allowEmpty: true);
            string? groundKeyFile = root.TryGetProperty("groundKeyFile", out _) ? Path(root, "groundKeyFile", "", allowEmpty: false) : null;
            if (groundKeyFile is { Length: > 0 } && !File.Exists(groundKeyFile))
            {
                Problems.Add(new("$.groundKeyFile", $"{groundKeyFile} does not exist"));
            }
            if (modelSlots.Length > 0 && groundKeyFile is null)
            {
                Problems.Add(new("$.groundKeyFile", "missing; model slots need the ground's public key to verify packages"));
            }
            return new FlightConfiguration
            {
                Board = board,
                ModelSlots = modelSlots,
                GroundKeyFile = groundKeyFile,
                Checkpoints = Path(root, "checkpoints", Resolve(d.Checkpoints), allowEmpty: false),
                StateFile = Path(root, "stateFile", Resolve(d.StateFile), allowEmpty: false),
                Downlink = Link(root, "downlink", d.Downlink, isUplink: false),
                Uplink = Link(root, "uplink", d.Uplink, isUplink: true),
                Protection = Enum(root, "$", "protection", d.Protection),
                Rates = Rates(root, d.Rates),
                Faults = Faults(root, d.Faults),
                SpacecraftId = (ushort)spacecraftId,
                KeyFile = keyFile,
                Files = Files(root, modelSlots, d.Files),
            };
        }

        private FileDeliveryConfiguration Files(JsonElement root, string modelSlots, FileDeliveryConfiguration d)
        {
            // Beside the slots (never inside them), or under the default state folder without slots.
            string defaultStaging = modelSlots.Length > 0
                ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(modelSlots)) ?? modelSlots, DefaultStagingFolder)
                : Resolve(d.Staging);
            if (!root.TryGetProperty("files", out JsonElement e) || !Object(e, "$.files", ["staging", "entityId", "ackTimeoutSeconds", "nakTimeoutSeconds", "inactivityTimeoutSeconds"]))
            {
                return d with { Staging = defaultStaging };
            }
            string staging = Path(e, "staging", defaultStaging, allowEmpty: false, "$.files");
            if (modelSlots.Length > 0 && IsWithin(staging, modelSlots))
            {
                Problems.Add(new("$.files.staging", $"{staging} is inside the model slots {modelSlots}; received files are staged outside them"));
            }
            return new FileDeliveryConfiguration
            {
                Staging = staging,
                EntityId = (ulong)Integer(e, "$.files", "entityId", (int)d.EntityId, 1, MaxCfdpEntityId),
                AckTimeoutSeconds = Number(e, "$.files", "ackTimeoutSeconds", d.AckTimeoutSeconds, 0.1, 3600),
                NakTimeoutSeconds = Number(e, "$.files", "nakTimeoutSeconds", d.NakTimeoutSeconds, 0.1, 3600),
                InactivityTimeoutSeconds = Number(e, "$.files", "inactivityTimeoutSeconds", d.InactivityTimeoutSeconds, 1, 86_400 * 7),
            };
        }

        private static bool IsWithin(string path, string folder)
        {
            string relative = System.IO.Path.GetRelativePath(folder, path);
            return relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative));
        }

        private RateConfiguration Rates(JsonElement root, RateConfiguration d)
        {
            if (!root.TryGetProperty("rates", out JsonElement e) || !Object(e, "$.rates", ["healthHz", "housekeepingHz", "maxTilesPerSecond", "temperatureLimitCelsius"]))
            {
                return d;
            }
            double health = Number(e, "$.rates", "healthHz", d.HealthHz, 0.1, 1000);
            double housekeeping = Number(e, "$.rates", "housekeepingHz", d.HousekeepingHz, 0.001, 1000);
            if (housekeeping > health)
            {
                Problems.Add(new("$.rates.housekeepingHz", $"{housekeeping} Hz is faster than healthHz {health} Hz; housekeeping runs at most at the health rate"));
            }
            return new RateConfiguration
            {
                HealthHz = health,
                HousekeepingHz = housekeeping,
                MaxTilesPerSecond = Number(e, "$.rates", "maxTilesPerSecond", d.MaxTilesPerSecond, 0.001, 100_000),
                TemperatureLimitCelsius = Number(e, "$.rates", "temperatureLimitCelsius", d.TemperatureLimitCelsius, -55, 150),
            };
        }

        private FaultConfiguration Faults(JsonElement root, FaultConfiguration d)
        {
            if (!root.TryGetProperty("faults", out JsonElement e) || !Object(e, "$.faults", ["maxFaults", "faultWindowSeconds", "maxResets", "resetWindowSeconds"]))
            {
                return d;
            }
            return new FaultConfiguration
            {
                MaxFaults = Integer(e, "$.faults", "maxFaults", d.MaxFaults, 1, 1000),
                FaultWindowSeconds = Number(e, "$.faults", "faultWindowSeconds", d.FaultWindowSeconds, 0.1, 86_400),
                MaxResets = Integer(e, "$.faults", "maxResets", d.MaxResets, 1, 1000),
                ResetWindowSeconds = Number(e, "$.faults", "resetWindowSeconds", d.ResetWindowSeconds, 1, 86_400 * 30),
            };
        }

        private LinkConfiguration Link(JsonElement root, string name, LinkConfiguration d, bool isUplink)
        {
            string at = "$." + name;
            if (!root.TryGetProperty(name, out JsonElement e))
            {
                return d;
            }
            if (e.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(new(at, $"expected an object, found {e.ValueKind}"));
                return d;
            }
            LinkKind kind = Enum(e, at, "kind", d.Kind);
            string[] known = kind == LinkKind.Serial ? ["kind", "path", "baud", "parity", "stopBits"] : ["kind", "host", "port", "path"];
            Object(e, at, isUplink ? known : [.. known, "bitsPerSecond"]);
            long bitsPerSecond = isUplink ? 0 : Long(e, at, "bitsPerSecond", d.BitsPerSecond, 0, MaxDownlinkBitsPerSecond);
            if (!e.TryGetProperty("kind", out _))
            {
                Problems.Add(new(at + ".kind", "missing; expected one of file, udp, tcp, serial"));
                return d;
            }
            switch (kind)
            {
                case LinkKind.Udp or LinkKind.Tcp:
                    if (!e.TryGetProperty("host", out _))
                    {
                        Problems.Add(new(at + ".host", "missing; expected an IP address such as 127.0.0.1"));
                    }
                    string host = String(e, at, "host", "", allowEmpty: false);
                    if (host.Length > 0 && !IPAddress.TryParse(host, out _))
                    {
                        Problems.Add(new(at + ".host", $"'{host}' is not an IP address"));
                    }
                    if (!e.TryGetProperty("port", out _))
                    {
                        Problems.Add(new(at + ".port", "missing; expected 1..65535"));
                    }
                    int port = Integer(e, at, "port", 0, 1, 65535);
                    return new LinkConfiguration(kind, host, port, BitsPerSecond: bitsPerSecond);
                default:
                    if (!e.TryGetProperty("path", out _))
                    {
                        Problems.Add(new(at + ".path", $"missing; a {kind.ToString().ToLowerInvariant()} link needs a path"));
                    }
                    string path = Path(e, "path", "", allowEmpty: false, at);
                    if (path.Length > 0 && (kind == LinkKind.Serial || isUplink) && !File.Exists(path))
                    {
                        Problems.Add(new(at + ".path", $"{path} does not exist"));
                    }
                    return new LinkConfiguration(kind, Path: path, Line: kind == LinkKind.Serial ? Line(e, at) : null, BitsPerSecond: bitsPerSecond);
            }
        }

        private UartSettings Line(JsonElement e, string at)
        {
            var d = new UartSettings();
            int baud = Integer(e, at, "baud", d.BaudRate, 1, int.MaxValue);
            if (!LinuxUartPort.SupportsBaudRate(baud))
            {
                Problems.Add(new(at + ".baud", $"{baud} is not a standard termios rate; expected one of {string.Join(", ", LinuxUartPort.StandardBaudRates)}"));
            }
            int stopBits = Integer(e, at, "stopBits", (int)d.StopBits, (int)UartStopBits.One, (int)UartStopBits.Two);
            return new UartSettings(baud, Enum(e, at, "parity", d.Parity), (UartStopBits)stopBits);
        }

        private bool Object(JsonElement e, string at, string[] known)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(new(at, $"expected an object, found {e.ValueKind}"));
                return false;
            }
            foreach (JsonProperty p in e.EnumerateObject())
            {
                if (Array.IndexOf(known, p.Name) < 0)
                {
                    Problems.Add(new($"{at}.{p.Name}", $"unknown setting; expected one of {string.Join(", ", known)}"));
                }
            }
            return true;
        }

        private string Path(JsonElement e, string name, string fallback, bool allowEmpty, string at = "$")
        {
            string value = String(e, at, name, fallback, allowEmpty);
            return value.Length == 0 ? value : Resolve(value);
        }

        private string Resolve(string path) => System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, path));

        private string String(JsonElement e, string at, string name, string fallback, bool allowEmpty)
        {
            if (!e.TryGetProperty(name, out JsonElement v))
            {
                return fallback;
            }
            if (v.ValueKind != JsonValueKind.String)
            {
                Problems.Add(new($"{at}.{name}", $"expected a string, found {v.ValueKind} {v.GetRawText()}"));
                return fallback;
            }
            string s = v.GetString()!;
            if (!allowEmpty && s.Length == 0)
            {
                Problems.Add(new($"{at}.{name}", "must not be empty"));
            }
            return s;
        }

        private double Number(JsonElement e, string at, string name, double fallback, double min, double max)
        {
            if (!e.TryGetProperty(name, out JsonElement v))
            {
                return fallback;
            }
            if (v.ValueKind != JsonValueKind.Number)
            {
                Problems.Add(new($"{at}.{name}", $"expected a number, found {v.ValueKind} {v.GetRawText()}"));
                return fallback;
            }
            double value = v.GetDouble();
            if (value < min || value > max)
            {
                Problems.Add(new($"{at}.{name}", $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; expected {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}"));
                return fallback;
            }
            return value;
        }

        private int Integer(JsonElement e, string at, string name, int fallback, int min, int max) => (int)Long(e, at, name, fallback, min, max);

        private long Long(JsonElement e, string at, string name, long fallback, long min, long max)
        {
            if (!e.TryGetProperty(name, out JsonElement v))
            {
                return fallback;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long value))
            {
                Problems.Add(new($"{at}.{name}", $"expected an integer, found {v.ValueKind} {v.GetRawText()}"));
                return fallback;
            }
            if (value < min || value > max)
            {
                Problems.Add(new($"{at}.{name}", $"{value} is out of range; expected {min}..{max}"));
                return fallback;
            }
            return value;
        }

        private T Enum<T>(JsonElement e, string at, string name, T fallback)
            where T : struct, Enum
        {
            if (!e.TryGetProperty(name, out JsonElement v))
            {
                return fallback;
            }
            string allowed = string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
            if (v.ValueKind != JsonValueKind.String || !System.Enum.TryParse(v.GetString(), ignoreCase: true, out T value) || int.TryParse(v.GetString(), out _))
            {
                Problems.Add(new($"{at}.{name}", $"'{(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())}' is not one of {allowed}"));
                return fallback;
            }
            return value;
        }
    }
}
