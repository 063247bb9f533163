using System.Globalization;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Products;

/// <summary>
/// Checks that every tile's class map of every scene arrived exactly once (by scene and tile id). A scene is first
/// <see cref="Request">requested</see> (its tile count still unknown: tiles are held) and then <see cref="Expect">expected</see>
/// with the tile count its summary gives; tiles of scenes never requested nor expected are unexpected.
/// </summary>
internal sealed class TileLedger
{
    private readonly Dictionary<uint, Dictionary<ushort, int>> _arrivals = [];
    private readonly Dictionary<uint, int> _tileCounts = [];

    public int Expected => _tileCounts.Values.Sum();

    public int Arrived { get; private set; }

    public int Duplicated { get; private set; }

    public int Unexpected { get; private set; }

    /// <summary>Expected tiles not received, over the scenes whose tile count is known.</summary>
    public int Lost => _tileCounts.Sum(s => s.Value - Tiles(s.Key).Keys.Count(t => t < s.Value));

    /// <summary>Requested scenes whose tile count is still unknown (no summary yet).</summary>
    public IReadOnlyList<uint> ScenesWithoutCount => [.. _arrivals.Keys.Where(s => !_tileCounts.ContainsKey(s)).Order()];

    /// <summary>True when every scene's tile count is known, every tile arrived once and nothing else did.</summary>
    public bool Complete => Lost == 0 && Duplicated == 0 && Unexpected == 0 && ScenesWithoutCount.Count == 0;

    /// <summary>Scene <paramref name="sceneId"/> was asked for; its tiles are kept until its tile count is known.</summary>
    public void Request(uint sceneId) => Tiles(sceneId);

    /// <summary>Scene <paramref name="sceneId"/> has <paramref name="tiles"/> tiles (from its summary); tiles beyond are unexpected.</summary>
    public void Expect(uint sceneId, int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tiles);
        if (_tileCounts.ContainsKey(sceneId))
        {
            return;
        }

        _tileCounts[sceneId] = tiles;
        foreach ((ushort tile, int count) in Tiles(sceneId).Where(t => t.Key >= tiles).ToList())
        {
            Unexpected += count;
            Arrived -= 1;
            Duplicated -= count - 1;
            _arrivals[sceneId].Remove(tile);
        }
    }

    /// <summary>Counts a received product (only class maps stand for tiles); true for a tile's first arrival.</summary>
    public bool Record(in ProductHeader header)
    {
        if (header.Kind != ProductKind.ClassMap)
        {
            return false;
        }

        bool known = _tileCounts.TryGetValue(header.SceneId, out int count);
        if ((!known && !_arrivals.ContainsKey(header.SceneId)) || (known && header.TileId >= count))
        {
            Unexpected++;
            return false;
        }

        Dictionary<ushort, int> tiles = Tiles(header.SceneId);
        int seen = tiles.GetValueOrDefault(header.TileId);
        tiles[header.TileId] = seen + 1;
        if (seen == 0)
        {
            Arrived++;
            return true;
        }

        Duplicated++;
        return false;
    }

    /// <summary>Tiles of <paramref name="sceneId"/> received so far (first arrivals).</summary>
    public int ArrivedOf(uint sceneId) => _arrivals.TryGetValue(sceneId, out Dictionary<ushort, int>? tiles) ? tiles.Count : 0;

    /// <summary>The tile count of <paramref name="sceneId"/>, or null while unknown.</summary>
    public int? TileCountOf(uint sceneId) => _tileCounts.TryGetValue(sceneId, out int count) ? count : null;

    /// <summary>Runs of missing tiles of <paramref name="sceneId"/> (first tile, count), in order; empty while its count is unknown.</summary>
    public IReadOnlyList<(ushort First, ushort Count)> MissingRuns(uint sceneId)
    {
        List<(ushort, ushort)> runs = [];
        if (!_tileCounts.TryGetValue(sceneId, out int count))
        {
            return runs;
        }

        Dictionary<ushort, int> tiles = Tiles(sceneId);
        int start = -1;
        for (int tile = 0; tile <= count; tile++)
        {
            bool missing = tile < count && !tiles.ContainsKey((ushort)tile);
            if (missing && start < 0)
            {
                start = tile;
            }
            else if (!missing && start >= 0)
            {
                runs.Add(((ushort)start, (ushort)(tile - start)));
                start = -1;
            }
        }

        return runs;
    }

    /// <summary>One line for operators, naming up to ten missing tiles.</summary>
    public string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Arrived} of {Expected} received, {Lost} lost, {Duplicated} duplicated");
        if (Unexpected > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {Unexpected} unexpected");
        }

        IReadOnlyList<uint> uncounted = ScenesWithoutCount;
        if (uncounted.Count > 0)
        {
            text += $", {uncounted.Count} scene(s) without a summary ({string.Join(", ", uncounted)})";
        }

        IEnumerable<string> missing = _tileCounts.OrderBy(s => s.Key)
            .SelectMany(s => MissingRuns(s.Key).SelectMany(r => Enumerable.Range(r.First, r.Count)).Select(t => (Scene: s.Key, Tile: t)))
            .Take(10).Select(x => string.Create(CultureInfo.InvariantCulture, $"scene {x.Scene} tile {x.Tile}"));
        string list = string.Join(", ", missing);
        return list.Length == 0 ? text : $"{text} (missing: {list})";
    }

    private Dictionary<ushort, int> Tiles(uint sceneId)
    {
        if (!_arrivals.TryGetValue(sceneId, out Dictionary<ushort, int>? tiles))
        {
            tiles = [];
            _arrivals[sceneId] = tiles;
        }

        return tiles;
    }
}
