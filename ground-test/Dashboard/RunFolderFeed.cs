using System.Globalization;
using System.Text.Json;
using Payload.GroundTest.Output;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// Feeds a <see cref="DashboardState"/> from a finished run folder as <see cref="GroundOutput"/> writes it:
/// housekeeping.csv, events.jsonl, products.jsonl with the PNGs under png/, and alerts.jsonl.
/// </summary>
internal static class RunFolderFeed
{
    private const string HousekeepingHeader = "time_utc,channel,value";

    /// <summary>Loads everything the dashboard keeps from <paramref name="folder"/> into <paramref name="state"/>.</summary>
    /// <exception cref="RunFolderException">The folder is missing, holds none of a run's files, or a line does not parse.</exception>
    public static void Load(string folder, DashboardState state)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(state);
        if (!Directory.Exists(folder))
        {
            throw new RunFolderException($"Run folder '{folder}' does not exist.");
        }

        string housekeeping = Path.Combine(folder, "housekeeping.csv");
        string events = Path.Combine(folder, "events.jsonl");
        string products = Path.Combine(folder, "products.jsonl");
        string alerts = Path.Combine(folder, "alerts.jsonl");
        if (!File.Exists(housekeeping) && !File.Exists(events) && !File.Exists(products))
        {
            throw new RunFolderException($"'{folder}' is not a run folder: it has no housekeeping.csv, events.jsonl or products.jsonl.");
        }

        state.SetStatus("source", "finished run " + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))));
        if (File.Exists(housekeeping))
        {
            LoadHousekeeping(housekeeping, state);
        }

        if (File.Exists(events))
        {
            foreach ((int line, JsonElement e) in JsonLines(events))
            {
                state.AddEvent(Time(events, line, e, "time"), Text(events, line, e, "kind"), Text(events, line, e, "message"));
            }
        }

        if (File.Exists(products))
        {
            LoadProducts(folder, products, state);
        }

        if (File.Exists(alerts))
        {
            LoadAlerts(folder, alerts, state);
        }
    }

    private static void LoadHousekeeping(string path, DashboardState state)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (number == 1)
            {
                if (line != HousekeepingHeader)
                {
                    throw new RunFolderException($"{path}:1: header is '{line}', expected '{HousekeepingHeader}'.");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 3
                || !DateTimeOffset.TryParse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || fields[1].Length == 0)
            {
                throw new RunFolderException($"{path}:{number}: '{line}' is not time_utc,channel,value.");
            }

            state.AddHousekeeping(time, fields[1], value);
        }
    }

    // Only the scenes the dashboard keeps are read from disk: the last DashboardState.MaxScenes seen.
    private static void LoadProducts(string folder, string path, DashboardState state)
    {
        List<(int Line, JsonElement Product)> all = [.. JsonLines(path)];
        HashSet<uint> kept = [.. all.Select(p => Number(path, p.Line, p.Product, "sceneId")).Distinct().TakeLast(DashboardState.MaxScenes).Select(n => (uint)n)];
        foreach ((int line, JsonElement p) in all)
        {
            if (!p.TryGetProperty("png", out JsonElement png) || !Enum.TryParse(Text(path, line, p, "kind"), out ProductKind kind) || kind == ProductKind.Alert)
            {
                continue;
            }

            uint scene = (uint)Number(path, line, p, "sceneId");
            if (!kept.Contains(scene))
            {
                continue;
            }

            state.AddProduct(new DashboardProduct(
                Text(path, line, p, "name"), kind, scene, (ushort)Number(path, line, p, "tileId"),
                (int)Number(path, line, p, "x"), (int)Number(path, line, p, "y"), (int)Number(path, line, p, "width"), (int)Number(path, line, p, "height"),
                Time(path, line, p, "receivedTime"), ReadImage(folder, path, line, png.GetString() ?? "")));
        }
    }

    private static void LoadAlerts(string folder, string path, DashboardState state)
    {
        foreach ((int line, JsonElement a) in JsonLines(path).TakeLast(DashboardState.MaxAlerts))
        {
            string? thumbnail = null;
            DateTimeOffset received = Time(path, line, a, "receivedTime");
            uint scene = (uint)Number(path, line, a, "sceneId");
            ushort tile = (ushort)Number(path, line, a, "tileId");
            if (a.TryGetProperty("thumbnail", out JsonElement png) && png.GetString() is { } relative && File.Exists(Path.Combine(folder, relative)))
            {
                thumbnail = Path.GetFileNameWithoutExtension(relative);
                state.AddProduct(new DashboardProduct(thumbnail, ProductKind.Alert, scene, tile, (int)Number(path, line, a, "x"), (int)Number(path, line, a, "y"),
                    (int)Number(path, line, a, "width"), (int)Number(path, line, a, "height"), received, ReadImage(folder, path, line, relative)));
            }

            state.AddAlert(new DashboardAlert(scene, tile, (int)Number(path, line, a, "x"), (int)Number(path, line, a, "y"), Text(path, line, a, "className"),
                Number(path, line, a, "areaFraction"), Number(path, line, a, "confidence"), Number(path, line, a, "latencyMs"), received, thumbnail));
        }
    }

    private static byte[] ReadImage(string folder, string path, int line, string relative)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        string image = Path.GetFullPath(Path.Combine(root, relative));
        if (!image.StartsWith(root, StringComparison.Ordinal) || !File.Exists(image))
        {
            throw new RunFolderException($"{path}:{line}: image '{relative}' is not a file in the run folder.");
        }

        return File.ReadAllBytes(image);
    }

    private static IEnumerable<(int Line, JsonElement Value)> JsonLines(string path)
    {
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            JsonElement value;
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                value = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new RunFolderException($"{path}:{number}: not a JSON object: {e.Message}", e);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new RunFolderException($"{path}:{number}: expected a JSON object, found {value.ValueKind}.");
            }

            yield return (number, value);
        }
    }

    private static string Text(string path, int line, JsonElement e, string field) =>
        e.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Missing(path, line, field, "a string");

    private static double Number(string path, int line, JsonElement e, string field) =>
        e.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Missing(path, line, field, "a number");

    private static DateTimeOffset Time(string path, int line, JsonElement e, string field)
    {
        string text = Text(path, line, e, field);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time
            : throw new RunFolderException($"{path}:{line}: {field} '{text}' is not a UTC time.");
    }

    private static RunFolderException Missing(string path, int line, string field, string expected) =>
        new($"{path}:{line}: field '{field}' is missing or not {expected}.");
}
