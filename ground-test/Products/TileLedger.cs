using System.Globalization;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Products;

/// <summary>Checks that every tile's class map of every scene arrived exactly once (by scene and tile id).</summary>
internal sealed class TileLedger
{
    private readonly Dictionary<uint, int[]> _arrivals = [];

    public int Expected { get; private set; }

    public int Arrived { get; private set; }

    public int Duplicated { get; private set; }

    public int Unexpected { get; private set; }

    public int Lost => _arrivals.Values.Sum(a => a.Count(n => n == 0));

    /// <summary>True when every expected tile arrived once and nothing else did.</summary>
    public bool Complete => Lost == 0 && Duplicated == 0 && Unexpected == 0;

    /// <summary>Scene <paramref name="sceneId"/> will send <paramref name="tiles"/> class maps.</summary>
    public void Expect(uint sceneId, int tiles)
    {
        _arrivals[sceneId] = new int[tiles];
        Expected += tiles;
    }

    /// <summary>Counts a received product (only class maps stand for tiles).</summary>
    public void Record(in ProductHeader header)
    {
        if (header.Kind != ProductKind.ClassMap)
        {
            return;
        }

        if (!_arrivals.TryGetValue(header.SceneId, out int[]? tiles) || header.TileId >= tiles.Length)
        {
            Unexpected++;
            return;
        }

        if (tiles[header.TileId]++ == 0)
        {
            Arrived++;
        }
        else
        {
            Duplicated++;
        }
    }

    /// <summary>One line for operators, naming up to ten missing tiles.</summary>
    public string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"{Arrived} of {Expected} received, {Lost} lost, {Duplicated} duplicated");
        if (Unexpected > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {Unexpected} unexpected");
        }

        IEnumerable<string> missing = _arrivals.SelectMany(s => s.Value.Select((n, t) => (Scene: s.Key, Tile: t, n)).Where(x => x.n == 0))
            .Take(10).Select(x => string.Create(CultureInfo.InvariantCulture, $"scene {x.Scene} tile {x.Tile}"));
        string list = string.Join(", ", missing);
        return list.Length == 0 ? text : $"{text} (missing: {list})";
    }
}
