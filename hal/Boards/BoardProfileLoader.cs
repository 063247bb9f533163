using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Payload.Hal.Buses;

namespace Payload.Hal.Boards;

/// <summary>
/// Reads a board profile from JSON and validates all of it before returning, collecting every problem
/// (with its JSON path and value) into one <see cref="BoardProfileException"/> rather than stopping at the first.
/// </summary>
public static class BoardProfileLoader
{
    /// <summary>Name of the default, fully simulated profile shipped with the library.</summary>
    public const string SimProfile = "sim";

    /// <summary>Name of the documented example rig profile for a Linux single-board computer.</summary>
    public const string RigExampleProfile = "rig-example";

    private static readonly (string Json, BusKind Kind)[] BusKinds =
        [("i2c", BusKind.I2c), ("spi", BusKind.Spi), ("gpio", BusKind.Gpio), ("uart", BusKind.Uart), ("watchdog", BusKind.Watchdog)];

    private static readonly (string Json, DeviceType Type)[] DeviceTypes =
        [("ina226", DeviceType.Ina226), ("tmp117", DeviceType.Tmp117), ("load-switch", DeviceType.LoadSwitch), ("watchdog", DeviceType.Watchdog), ("imager", DeviceType.Imager)];

    /// <summary>Names of the profiles shipped inside the library.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [SimProfile, RigExampleProfile];

    /// <summary>Loads a shipped profile by name.</summary>
    public static BoardProfile LoadBuiltIn(string name)
    {
        using Stream? stream = typeof(BoardProfileLoader).Assembly.GetManifestResourceStream($"Payload.Hal.Boards.profiles.{name}.json");
        if (stream is null)
        {
            throw new ArgumentException($"No built-in board profile '{name}'; known: {string.Join(", ", BuiltInNames)}.", nameof(name));
        }

        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd(), name);
    }

    /// <summary>Loads a profile file.</summary>
    public static BoardProfile LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>Parses and validates <paramref name="json"/>; <paramref name="source"/> names it in the error.</summary>
    /// <exception cref="BoardProfileException">Anything is wrong; lists every problem.</exception>
    public static BoardProfile Load(string json, string source = "(inline)")
    {
        var problems = new List<BoardProfileProblem>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BoardProfileException(source, [new BoardProfileProblem($"$ (line {e.LineNumber + 1})", "(not JSON)", e.Message)]);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BoardProfileException(source, [new BoardProfileProblem("$", Show(root), "a profile is a JSON object")]);
            }

            string name = RequiredString(root, "name", "$", problems) ?? "";
            List<BusProfile> buses = ReadBuses(root, problems);
            var declared = new HashSet<string>(StringComparer.Ordinal);
            List<DeviceProfile> devices = ReadDevices(root, buses, declared, problems);
            List<RailProfile> rails = ReadRails(root, devices, declared, problems);
            if (problems.Count > 0)
            {
                throw new BoardProfileException(source, problems);
            }

            return new BoardProfile(name, buses, devices, rails);
        }
    }

    private static List<BusProfile> ReadBuses(JsonElement root, List<BoardProfileProblem> problems)
    {
        var buses = new List<BusProfile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement bus in Array(root, "buses", "$", problems))
        {
            string path = $"$.buses[{index++}]";
            string? name = RequiredString(bus, "name", path, problems);
            string? kindText = RequiredString(bus, "kind", path, problems);
            string? device = RequiredString(bus, "device", path, problems);
            if (name is not null && !names.Add(name))
            {
                problems.Add(new($"{path}.name", Quote(name), "duplicate bus name"));
            }

            BusKind? kind = null;
            if (kindText is not null)
            {
                kind = Lookup(BusKinds, kindText);
                if (kind is null)
                {
                    problems.Add(new($"{path}.kind", Quote(kindText), $"unknown bus kind; expected one of {string.Join(", ", BusKinds.Select(k => k.Json))}"));
                }
            }

            if (name is not null && kind is BusKind k && device is not null)
            {
                buses.Add(new BusProfile(name, k, device));
            }
        }

        return buses;
    }

    private static List<DeviceProfile> ReadDevices(JsonElement root, List<BusProfile> buses, HashSet<string> names, List<BoardProfileProblem> problems)
    {
        var devices = new List<DeviceProfile>();
        var addresses = new Dictionary<(string Bus, int Address), string>();
        int index = 0;
        foreach (JsonElement device in Array(root, "devices", "$", problems))
        {
            string path = $"$.devices[{index++}]";
            string? name = RequiredString(device, "name", path, problems);
            string? typeText = RequiredString(device, "type", path, problems);
            string? busName = RequiredString(device, "bus", path, problems);
            if (name is not null && !names.Add(name))
            {
                problems.Add(new($"{path}.name", Quote(name), "duplicate device name"));
            }

            DeviceType? type = typeText is null ? null : Lookup(DeviceTypes, typeText);
            if (typeText is not null && type is null)
            {
                problems.Add(new($"{path}.type", Quote(typeText), $"unknown device type; expected one of {string.Join(", ", DeviceTypes.Select(t => t.Json))}"));
            }

            BusProfile? bus = busName is null ? null : buses.Find(b => b.Name == busName);
            if (busName is not null && bus is null)
            {
                problems.Add(new($"{path}.bus", Quote(busName), "missing bus: no bus of that name is declared under $.buses"));
            }

            if (type is DeviceType t && bus is not null && DeviceParameterRule.BusFor(t) != bus.Kind)
            {
                problems.Add(new($"{path}.bus", Quote(bus.Name), $"a {typeText} sits on a {DeviceParameterRule.BusFor(t).ToString().ToUpperInvariant()} bus, not {bus.Kind.ToString().ToUpperInvariant()}"));
            }

            int? address = OptionalInteger(device, "address", path, problems);
            int? line = OptionalInteger(device, "line", path, problems);
            int? chipSelect = OptionalInteger(device, "chipSelect", path, problems);
            bool activeLow = device.TryGetProperty("activeLow", out JsonElement al) && al.ValueKind == JsonValueKind.True;
            if (type is DeviceType.Ina226 or DeviceType.Tmp117)
            {
                if (address is null)
                {
                    if (!device.TryGetProperty("address", out _))
                    {
                        problems.Add(new($"{path}.address", "(missing)", "an I2C device needs an address"));
                    }
                }
                else if (!I2cAddress.IsValid(address.Value))
                {
                    problems.Add(new($"{path}.address", Show(device.GetProperty("address")), $"address out of range: 7-bit targets use 0x{I2cAddress.First:X2}..0x{I2cAddress.Last:X2}"));
                }
                else if (bus is not null && !addresses.TryAdd((bus.Name, address.Value), path))
                {
                    problems.Add(new($"{path}.address", Show(device.GetProperty("address")), $"duplicate address on bus {bus.Name}: {addresses[(bus.Name, address.Value)]} already uses 0x{address.Value:X2}"));
                }
            }

            if (type is DeviceType.LoadSwitch && line is null && !device.TryGetProperty("line", out _))
            {
                problems.Add(new($"{path}.line", "(missing)", "a load switch needs its enable line"));
            }
            else if (type is DeviceType.LoadSwitch && line < 0)
            {
                problems.Add(new($"{path}.line", Show(device.GetProperty("line")), "a GPIO line offset cannot be negative"));
            }

            Dictionary<string, double> parameters = type is DeviceType dt ? ReadParameters(device, dt, path, problems) : [];
            if (name is not null && type is DeviceType okType && busName is not null)
            {
                devices.Add(new DeviceProfile(name, okType, busName, address, chipSelect, line, activeLow, parameters));
            }
        }

        return devices;
    }

    private static Dictionary<string, double> ReadParameters(JsonElement device, DeviceType type, string path, List<BoardProfileProblem> problems)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        IReadOnlyList<DeviceParameterRule> rules = DeviceParameterRule.For(type);
        bool present = device.TryGetProperty("parameters", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object;
        if (present)
        {
            foreach (JsonProperty parameter in parameters.EnumerateObject())
            {
                string at = $"{path}.parameters.{parameter.Name}";
                DeviceParameterRule? rule = rules.FirstOrDefault(r => r.Name == parameter.Name);
                if (rule is null)
                {
                    problems.Add(new(at, Show(parameter.Value), $"unknown parameter; expected one of {string.Join(", ", rules.Select(r => r.Name))}"));
                }
                else if (parameter.Value.ValueKind != JsonValueKind.Number)
                {
                    problems.Add(new(at, Show(parameter.Value), $"parameter must be a number in {rule.Unit}"));
                }
                else
                {
                    double value = parameter.Value.GetDouble();
                    if (value < rule.Minimum || value > rule.Maximum)
                    {
                        problems.Add(new(at, Show(parameter.Value), $"parameter out of range: {rule.Minimum.ToString(CultureInfo.InvariantCulture)}..{rule.Maximum.ToString(CultureInfo.InvariantCulture)} {rule.Unit}"));
                    }
                    else
                    {
                        values[parameter.Name] = value;
                    }
                }
            }
        }

        foreach (DeviceParameterRule rule in rules)
        {
            if (rule.Required && !(present && parameters.TryGetProperty(rule.Name, out _)))
            {
                problems.Add(new($"{path}.parameters.{rule.Name}", "(missing)", $"required parameter in {rule.Unit}"));
            }
        }

        if (values.TryGetValue("lowLimitC", out double low) && values.TryGetValue("highLimitC", out double high) && low >= high)
        {
            problems.Add(new($"{path}.parameters.lowLimitC", low.ToString(CultureInfo.InvariantCulture), $"parameter out of range: must be below highLimitC ({high.ToString(CultureInfo.InvariantCulture)})"));
        }

        return values;
    }

    private static List<RailProfile> ReadRails(JsonElement root, List<DeviceProfile> devices, HashSet<string> declared, List<BoardProfileProblem> problems)
    {
        var rails = new List<RailProfile>();
        if (!root.TryGetProperty("rails", out _))
        {
            return rails;
        }

        int index = 0;
        foreach (JsonElement rail in Array(root, "rails", "$", problems))
        {
            string path = $"$.rails[{index++}]";
            string? name = RequiredString(rail, "name", path, problems);
            string? switchName = RequiredString(rail, "switch", path, problems);
            string? monitor = OptionalString(rail, "monitor");
            string? sensor = OptionalString(rail, "temperatureSensor");
            double voltage = RangedNumber(rail, "voltage", path, 0.1, 60, "V", required: true, problems);
            double limit = RangedNumber(rail, "currentLimitAmps", path, 0.001, 100, "A", required: monitor is not null, problems);
            double load = RangedNumber(rail, "simulatedLoadAmps", path, 0, 100, "A", required: false, problems);
            CheckReference(devices, declared, switchName, DeviceType.LoadSwitch, $"{path}.switch", problems);
            CheckReference(devices, declared, monitor, DeviceType.Ina226, $"{path}.monitor", problems);
            CheckReference(devices, declared, sensor, DeviceType.Tmp117, $"{path}.temperatureSensor", problems);
            if (name is not null && switchName is not null)
            {
                rails.Add(new RailProfile(name, voltage, switchName, monitor, sensor, limit, load));
            }
        }

        return rails;
    }

    /// <summary>A reference to a declared but invalid device is not reported again: its own problem already is.</summary>
    private static void CheckReference(List<DeviceProfile> devices, HashSet<string> declared, string? name, DeviceType expected, string path, List<BoardProfileProblem> problems)
    {
        if (name is null)
        {
            return;
        }

        DeviceProfile? device = devices.Find(d => d.Name == name);
        if (device is null && !declared.Contains(name))
        {
            problems.Add(new(path, Quote(name), "no device of that name is declared under $.devices"));
        }
        else if (device is not null && device.Type != expected)
        {
            problems.Add(new(path, Quote(name), $"device is a {device.Type}, expected a {expected}"));
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string property, string path, List<BoardProfileProblem> problems)
    {
        if (!parent.TryGetProperty(property, out JsonElement array))
        {
            problems.Add(new($"{path}.{property}", "(missing)", "required array"));
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new($"{path}.{property}", Show(array), "must be an array"));
            return [];
        }

        return array.EnumerateArray().ToList();
    }

    private static string? RequiredString(JsonElement parent, string property, string path, List<BoardProfileProblem> problems)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(property, out JsonElement value))
        {
            problems.Add(new($"{path}.{property}", "(missing)", "required string"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add(new($"{path}.{property}", Show(value), "must be a non-empty string"));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double RangedNumber(JsonElement parent, string property, string path, double min, double max, string unit, bool required, List<BoardProfileProblem> problems)
    {
        if (!parent.TryGetProperty(property, out JsonElement value))
        {
            if (required)
            {
                problems.Add(new($"{path}.{property}", "(missing)", $"required number in {unit}"));
            }

            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || value.GetDouble() < min || value.GetDouble() > max)
        {
            problems.Add(new($"{path}.{property}", Show(value), $"out of range: {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)} {unit}"));
            return 0;
        }

        return value.GetDouble();
    }

    /// <summary>Integers may be JSON numbers or strings such as "0x40" (addresses read better in hex).</summary>
    private static int? OptionalInteger(JsonElement parent, string property, string path, List<BoardProfileProblem> problems)
    {
        if (!parent.TryGetProperty(property, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            string text = value.GetString()!;
            bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (int.TryParse(hex ? text[2..] : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed))
            {
                return parsed;
            }
        }

        problems.Add(new($"{path}.{property}", Show(value), "must be an integer (a number or a string such as \"0x40\")"));
        return null;
    }

    private static T? Lookup<T>((string Json, T Value)[] table, string text)
        where T : struct
    {
        foreach ((string json, T value) in table)
        {
            if (json == text)
            {
                return value;
            }
        }

        return null;
    }

    private static string Show(JsonElement value) => value.GetRawText();

    private static string Quote(string text) => $"\"{text}\"";
}
