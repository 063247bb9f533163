using System.Text.Json;

namespace Payload.Inference.FaultInjection;

/// <summary>
/// A campaign log in JSON lines: the first line <c>{"campaign": spec}</c> (paths absolute), then
/// one <see cref="InjectionRecord"/> per line in completion order. Shards of one campaign merge
/// into one log.
/// </summary>
public sealed class CampaignLog
{
    /// <summary>Creates a log from its spec and records (kept sorted by index).</summary>
    public CampaignLog(CampaignSpec spec, IEnumerable<InjectionRecord> records)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(records);
        Spec = spec;
        Records = [.. records.OrderBy(r => r.Index)];
    }

    /// <summary>The campaign, with absolute paths.</summary>
    public CampaignSpec Spec { get; }

    /// <summary>The records, by index.</summary>
    public IReadOnlyList<InjectionRecord> Records { get; }

    /// <summary>The header line for <paramref name="spec"/>: paths made absolute so the log replays from anywhere.</summary>
    public static string HeaderLine(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CampaignSpec absolute = new CampaignSpec
        {
            Model = spec.Resolve(spec.Model), Manifest = spec.Resolve(spec.Manifest), TileSize = spec.TileSize,
            Tiles = [.. spec.Tiles.Select(t => t.Npy is null ? t : t with { Npy = spec.Resolve(t.Npy) })],
            Protection = spec.Protection, Seed = spec.Seed, Injections = spec.Injections, Targets = spec.Targets, BitFields = spec.BitFields,
            FaultModels = spec.FaultModels, AdjacentWidth = spec.AdjacentWidth, CaduInterleave = spec.CaduInterleave, CaduBurstBytes = spec.CaduBurstBytes,
            HangFloorMilliseconds = spec.HangFloorMilliseconds,
        };
        return JsonSerializer.Serialize(new Header { Campaign = absolute }, CampaignSpec.JsonOptions);
    }

    /// <summary>One record as a line.</summary>
    public static string RecordLine(InjectionRecord record) => JsonSerializer.Serialize(record, CampaignSpec.JsonOptions);

    /// <summary>Reads a log; a record line that does not parse names its line number.</summary>
    /// <exception cref="CampaignException">The file is missing, empty or malformed.</exception>
    public static CampaignLog Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CampaignException($"Campaign log {path}: {e.Message}", e);
        }

        if (lines.Length == 0)
        {
            throw new CampaignException($"Campaign log {path} is empty; expected a {{\"campaign\": ...}} header line.");
        }

        CampaignSpec spec;
        List<InjectionRecord> records = [];
        try
        {
            Header header = JsonSerializer.Deserialize<Header>(lines[0], CampaignSpec.JsonOptions)
                ?? throw new CampaignException($"Campaign log {path}: line 1 is null, expected the campaign header.");
            spec = (header.Campaign ?? throw new CampaignException($"Campaign log {path}: line 1 has no \"campaign\".")).WithBase("/");
        }
        catch (JsonException e)
        {
            throw new CampaignException($"Campaign log {path}: line 1 is not a campaign header: {e.Message}", e);
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<InjectionRecord>(lines[i], CampaignSpec.JsonOptions)
                    ?? throw new CampaignException($"Campaign log {path}: line {i + 1} is null."));
            }
            catch (JsonException e)
            {
                throw new CampaignException($"Campaign log {path}: line {i + 1} is not an injection record: {e.Message}", e);
            }
        }

        return new CampaignLog(spec, records);
    }

    /// <summary>
    /// Combines shards of one campaign: the headers must match, and an index found in two shards
    /// must have the same record in both.
    /// </summary>
    /// <exception cref="CampaignException">The logs come from different campaigns or disagree on an injection.</exception>
    public static CampaignLog Merge(IReadOnlyList<CampaignLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (logs.Count == 0)
        {
            throw new CampaignException("No campaign logs to merge.");
        }

        string first = logs[0].Spec.ToJson();
        Dictionary<int, InjectionRecord> byIndex = [];
        for (int l = 0; l < logs.Count; l++)
        {
            if (logs[l].Spec.ToJson() != first)
            {
                throw new CampaignException($"Log {l + 1} is from a different campaign than log 1 (headers differ).");
            }

            foreach (InjectionRecord record in logs[l].Records)
            {
                if (byIndex.TryGetValue(record.Index, out InjectionRecord? seen) && RecordLine(seen) != RecordLine(record))
                {
                    throw new CampaignException($"Injection {record.Index} differs between logs: {RecordLine(seen)} vs {RecordLine(record)}.");
                }

                byIndex[record.Index] = record;
            }
        }

        return new CampaignLog(logs[0].Spec, byIndex.Values);
    }

    /// <summary>Writes the whole log (header, then records by index).</summary>
    public void Write(string path)
    {
        using StreamWriter writer = new(path);
        writer.WriteLine(HeaderLine(Spec));
        foreach (InjectionRecord record in Records)
        {
            writer.WriteLine(RecordLine(record));
        }
    }

    private sealed class Header
    {
        public CampaignSpec? Campaign { get; init; }
    }
}
